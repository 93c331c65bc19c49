"""The parts of a PKCS #10 certificate request ``kubectl describe csr`` shows: the subject
and the subject alternative names, read from its DER as Go's crypto/x509 reads them
(``ParseCertificateRequest``, ``pkix.Name.FillFromRDNSequence``, ``parseSANExtension``)."""

from __future__ import annotations

import base64
import ipaddress
import re
from dataclasses import dataclass, field

SUBJECT_FIELDS = {"2.5.4.3": "common_name", "2.5.4.5": "serial_number",
                  "2.5.4.6": "country", "2.5.4.7": "locality", "2.5.4.8": "province",
                  "2.5.4.9": "street_address", "2.5.4.10": "organization",
                  "2.5.4.11": "organizational_unit", "2.5.4.17": "postal_code"}
EXTENSION_REQUEST = "1.2.840.113549.1.9.14"
SUBJECT_ALT_NAME = "2.5.29.17"
# ASN.1 string types Go's encoding/asn1 decodes into a string
STRING_TAGS = {0x0C: "utf-8", 0x13: "ascii", 0x16: "ascii", 0x14: "latin-1", 0x12: "ascii",
               0x1E: "utf-16-be"}


class BadRequest(ValueError):
    """Not a PEM certificate request kubectl could parse."""


@dataclass
class CertificateRequest:
    common_name: str = ""
    serial_number: str = ""
    organization: list[str] = field(default_factory=list)
    organizational_unit: list[str] = field(default_factory=list)
    country: list[str] = field(default_factory=list)
    locality: list[str] = field(default_factory=list)
    province: list[str] = field(default_factory=list)
    street_address: list[str] = field(default_factory=list)
    postal_code: list[str] = field(default_factory=list)
    dns_names: list[str] = field(default_factory=list)
    email_addresses: list[str] = field(default_factory=list)
    uris: list[str] = field(default_factory=list)
    ip_addresses: list[str] = field(default_factory=list)


def _read(data: bytes, offset: int) -> tuple[int, bytes, int]:
    """One DER element at ``offset``: (tag, contents, offset after it)."""
    if offset + 2 > len(data):
        raise BadRequest("truncated DER")
    tag, length = data[offset], data[offset + 1]
    offset += 2
    if length & 0x80:
        count = length & 0x7F
        length = int.from_bytes(data[offset:offset + count], "big")
        offset += count
    end = offset + length
    if end > len(data):
        raise BadRequest("truncated DER")
    return tag, data[offset:end], end


def _elements(data: bytes) -> list[tuple[int, bytes]]:
    found, offset = [], 0
    while offset < len(data):
        tag, contents, offset = _read(data, offset)
        found.append((tag, contents))
    return found


def _oid(contents: bytes) -> str:
    first, rest = divmod(contents[0], 40) if contents[0] < 80 else (2, contents[0] - 80)
    parts, value = [first, rest], 0
    for byte in contents[1:]:
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            parts.append(value)
            value = 0
    return ".".join(str(part) for part in parts)


def _fill_subject(request: CertificateRequest, name: bytes) -> None:
    for _, rdn in _elements(name):
        for _, pair in _elements(rdn):
            (_, oid), (tag, value) = _elements(pair)[:2]
            target = SUBJECT_FIELDS.get(_oid(oid))
            if target is None or tag not in STRING_TAGS:
                continue
            text = value.decode(STRING_TAGS[tag], errors="replace")
            current = getattr(request, target)
            if isinstance(current, list):
                current.append(text)
            else:  # the last one wins, as in Go
                setattr(request, target, text)


def _fill_alt_names(request: CertificateRequest, extension: bytes) -> None:
    (_, names), = _elements(extension)
    for tag, value in _elements(names):
        kind = tag & 0x1F
        if kind == 1:
            request.email_addresses.append(value.decode("ascii", errors="replace"))
        elif kind == 2:
            request.dns_names.append(value.decode("ascii", errors="replace"))
        elif kind == 6:
            request.uris.append(value.decode("ascii", errors="replace"))
        elif kind == 7 and len(value) in (4, 16):
            address = ipaddress.ip_address(value)
            mapped = getattr(address, "ipv4_mapped", None)
            request.ip_addresses.append(str(mapped or address))


def _fill_extensions(request: CertificateRequest, attributes: bytes) -> None:
    for _, attribute in _elements(attributes):
        (_, oid), (_, values) = _elements(attribute)[:2]
        if _oid(oid) != EXTENSION_REQUEST:
            continue
        for _, extensions in _elements(values):
            for _, extension in _elements(extensions):
                parts = _elements(extension)
                if _oid(parts[0][1]) == SUBJECT_ALT_NAME:
                    _fill_alt_names(request, parts[-1][1])


def parse_pem_request(pem: bytes) -> CertificateRequest:
    """The subject and alternative names of the first ``CERTIFICATE REQUEST`` PEM block."""
    match = re.search(rb"-----BEGIN CERTIFICATE REQUEST-----(.*?)-----END CERTIFICATE "
                      rb"REQUEST-----", pem, re.S)
    if match is None:
        raise BadRequest("PEM block type must be CERTIFICATE REQUEST")
    der = base64.b64decode(b"".join(match.group(1).split()))
    try:
        (_, request_body), = _elements(der)[:1]
        (_, info), = _elements(request_body)[:1]
        parts = _elements(info)
        request = CertificateRequest()
        _fill_subject(request, parts[1][1])
        for tag, contents in parts[3:]:
            if tag == 0xA0:  # [0] attributes
                _fill_extensions(request, contents)
        return request
    except (IndexError, ValueError) as error:
        raise BadRequest(str(error)) from error
