# shellcheck shell=bash
# Certificates, keys and kubeconfigs of the lab, in $LAB_STATE/pki and $LAB_STATE/*.kubeconfig.
# Sourced by lab.sh. Made once; a later `up` reuses them (the admin kubeconfig keeps working).

# new_ca NAME CN: a CA key and certificate (ten years: the lab is for tests).
new_ca() {
  local dir=$LAB_STATE/pki
  [[ -s $dir/$1.crt ]] && return 0
  openssl ecparam -name prime256v1 -genkey -noout -out "$dir/$1.key" 2>/dev/null
  openssl req -x509 -new -key "$dir/$1.key" -subj "/CN=$2" -days 3650 -out "$dir/$1.crt" 2>/dev/null
}

# new_cert NAME SUBJECT [SAN [CA]]: a key and a certificate signed by the lab CA (or by CA).
new_cert() {
  local name=$1 subject=$2 san=${3:-} ca=${4:-ca} dir=$LAB_STATE/pki ext
  [[ -s $dir/$name.crt ]] && return 0
  ext=$(mktemp)
  {
    echo "basicConstraints=critical,CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    if [[ -n $san ]]; then
      echo "extendedKeyUsage=serverAuth,clientAuth"
      echo "subjectAltName=$san"
    else
      echo "extendedKeyUsage=clientAuth"
    fi
  } >"$ext"
  openssl ecparam -name prime256v1 -genkey -noout -out "$dir/$name.key" 2>/dev/null
  openssl req -new -key "$dir/$name.key" -subj "$subject" -out "$dir/$name.csr" 2>/dev/null
  openssl x509 -req -in "$dir/$name.csr" -CA "$dir/$ca.crt" -CAkey "$dir/$ca.key" \
    -CAcreateserial -days 3650 -extfile "$ext" -out "$dir/$name.crt" 2>/dev/null
  rm -f "$dir/$name.csr" "$ext"
}

# write_kubeconfig FILE CERT_NAME [SERVER]: a kubeconfig for one client of the API server
# (https://127.0.0.1:6443), with the certificates embedded so the file can be copied anywhere
# on this machine.
write_kubeconfig() {
  local file=$1 name=$2 server=${3:-https://127.0.0.1:6443} dir=$LAB_STATE/pki
  [[ -s $file ]] && return 0
  cat >"$file.tmp" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
- name: podlab
  cluster:
    server: $server
    certificate-authority-data: $(base64 -w0 "$dir/ca.crt")
users:
- name: $name
  user:
    client-certificate-data: $(base64 -w0 "$dir/$name.crt")
    client-key-data: $(base64 -w0 "$dir/$name.key")
contexts:
- name: podlab
  context:
    cluster: podlab
    user: $name
current-context: podlab
KUBECONFIG
  chmod 600 "$file.tmp"
  mv "$file.tmp" "$file"
}

make_pki() {
  local dir=$LAB_STATE/pki
  mkdir -p "$dir"
  chmod 700 "$dir"
  new_ca ca podlab-lab-ca
  # The aggregation layer (metrics-server): the API server proxies to it as front-proxy-client.
  new_ca front-proxy-ca podlab-lab-front-proxy-ca
  new_cert front-proxy-client "/CN=front-proxy-client" "" front-proxy-ca
  # The service-account token signing key pair.
  if [[ ! -s $dir/sa.pub ]]; then
    openssl genrsa -out "$dir/sa.key" 2048 2>/dev/null
    openssl rsa -in "$dir/sa.key" -pubout -out "$dir/sa.pub" 2>/dev/null
  fi
  # Pods reach the API server as https://10.0.0.1 (the kubernetes Service) and through the
  # bridge address; the host reaches it on 127.0.0.1.
  new_cert apiserver "/CN=kube-apiserver" \
    "DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.$CLUSTER_DOMAIN,IP:127.0.0.1,IP:$SERVICE_APISERVER_IP,IP:$BRIDGE_IP"
  new_cert kubelet-serving "/O=system:nodes/CN=system:node:$NODE_NAME" "IP:127.0.0.1,DNS:localhost"
  new_cert apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client"
  new_cert admin "/O=system:masters/CN=podlab-admin"
  new_cert controller-manager "/CN=system:kube-controller-manager"
  new_cert scheduler "/CN=system:kube-scheduler"
  new_cert kubelet "/O=system:nodes/CN=system:node:$NODE_NAME"
  new_cert kube-proxy "/CN=system:kube-proxy"
  chmod 600 "$dir"/*.key

  write_kubeconfig "$LAB_STATE/kubeconfig" admin
  local c
  for c in controller-manager scheduler kubelet kube-proxy; do
    write_kubeconfig "$LAB_STATE/$c.kubeconfig" "$c"
  done
}
