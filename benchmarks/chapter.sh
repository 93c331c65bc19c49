#!/usr/bin/env bash
# The book's chapter as a careful author runs it by hand with real kubectl: the same
# commands and the same waits podlab makes (apply → ready, delete → replacement ready,
# cleanup → pods gone). Usage: chapter.sh KUBECTL NAMESPACE (run from manifests/).
set -euo pipefail
kubectl=$1
namespace=$2
k() { "$kubectl" -n "$namespace" "$@"; }

k apply -f ss-mysql.yml
k rollout status statefulset/mysql --timeout=300s
k exec statefulset/mysql -- cat /etc/hosts
k apply -f deploy-pma.yml
k rollout status deployment/pma --timeout=300s
k get pods
k delete pod mysql-0
until k get pod mysql-0 >/dev/null 2>&1; do sleep 0.2; done
k wait --for=condition=Ready pod/mysql-0 --timeout=300s
k get pods
k exec statefulset/mysql -- cat /etc/hosts

k delete -f deploy-pma.yml -f ss-mysql.yml
k delete pvc --all
k wait --for=delete pod --all --timeout=300s
