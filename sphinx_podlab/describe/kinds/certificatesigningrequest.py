"""``kubectl describe csr`` (kubectl's ``describeCertificateSigningRequest``): who asked,
for which signer and how long, its status, and the request's subject and alternative names.

The request's private key is never in it: a CSR holds only public parts.
"""

from __future__ import annotations

import base64
from typing import Any

from ...model.errors import PodlabExecutionError
from ..certrequest import BadRequest, CertificateRequest, parse_pem_request
from ..common import Settings, format_labels, human_duration, rfc1123z, search_events, write_events
from ..reader import Reader
from ..registry import NotFound, describer
from ..writer import PrefixWriter

Obj = dict[str, Any]


def csr_status(conditions: list[Obj], certificate: object) -> str:
    """``extractCSRStatus``: Denied, Approved or Pending, then ``,Failed`` and ``,Issued``."""
    types = {str(condition.get("type") or "") for condition in conditions}
    status = "Denied" if "Denied" in types else "Approved" if "Approved" in types else "Pending"
    if "Failed" in types:
        status += ",Failed"
    if certificate:
        status += ",Issued"
    return status


def _write_list(w: PrefixWriter, name: str, values: list[str]) -> None:
    """kubectl's ``printListHelper``: values one a line, under a tab-indented title."""
    if values:
        w.write(0, f"\t{name}:\t" + "\n\t\t".join(values) + "\n")


def _write_request(w: PrefixWriter, request: CertificateRequest) -> None:
    w.write(0, "Subject:\n")
    w.write(0, f"\tCommon Name:\t{request.common_name}\n")
    w.write(0, f"\tSerial Number:\t{request.serial_number}\n")
    for name, values in (("Organization", request.organization),
                         ("Organizational Unit", request.organizational_unit),
                         ("Country", request.country), ("Locality", request.locality),
                         ("Province", request.province),
                         ("StreetAddress", request.street_address),
                         ("PostalCode", request.postal_code)):
        _write_list(w, name, values)
    if request.dns_names or request.email_addresses or request.ip_addresses or request.uris:
        w.write(0, "Subject Alternative Names:\n")
        _write_list(w, "DNS Names", request.dns_names)
        _write_list(w, "Email Addresses", request.email_addresses)
        _write_list(w, "URIs", request.uris)
        _write_list(w, "IP Addresses", request.ip_addresses)


@describer("certificates.k8s.io", "CertificateSigningRequest")
def describe_certificate_signing_request(reader: Reader, namespace: str, name: str,
                                         settings: Settings) -> str:
    csr = reader.get_or_none(
        f"/apis/certificates.k8s.io/v1/certificatesigningrequests/{name}")
    if csr is None:
        raise NotFound("certificatesigningrequests.certificates.k8s.io", name)
    metadata = csr.get("metadata") or {}
    spec = csr.get("spec") or {}
    status = csr.get("status") or {}
    try:
        request = parse_pem_request(base64.b64decode(str(spec.get("request") or "")))
    except BadRequest as error:  # kubectl fails the same way
        raise PodlabExecutionError(f"Error parsing CSR: {error}") from error
    w = PrefixWriter()
    w.write(0, f"Name:\t{metadata.get('name') or ''}\n")
    w.write(0, f"Labels:\t{format_labels(metadata.get('labels'))}\n")
    w.write(0, f"Annotations:\t{format_labels(metadata.get('annotations'))}\n")
    w.write(0, f"CreationTimestamp:\t{rfc1123z(metadata.get('creationTimestamp'), settings.now)}\n")
    w.write(0, f"Requesting User:\t{spec.get('username') or ''}\n")
    if spec.get("signerName"):
        w.write(0, f"Signer:\t{spec['signerName']}\n")
    if spec.get("expirationSeconds") is not None:
        seconds = int(spec["expirationSeconds"])
        w.write(0, f"Requested Duration:\t{human_duration(seconds * 10**9)}\n")
    state = csr_status(status.get("conditions") or [], status.get("certificate"))
    w.write(0, f"Status:\t{state}\n")
    _write_request(w, request)
    if settings.show_events:
        write_events(w, search_events(reader, csr, "CertificateSigningRequest", settings), settings)
    return w.text()
