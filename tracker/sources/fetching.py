"""Fetching a document from a link an editor gave: a web page or a PDF, within bounds.

Only http(s); at most MAX_REDIRECTS redirects; a time limit for connecting, for each read and for the
whole transfer; at most UPLOAD_MAX_BYTES; and never an address on this machine or a private network
(loopback, private, link-local, reserved), unless FETCH_ALLOW_PRIVATE_ADDRESSES is on. Each hop's host is
resolved once, checked, and connected to by that address, so a name cannot resolve to a public address for
the check and a private one for the request.
"""

import ipaddress
import socket
import time
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

import certifi
import urllib3
from django.conf import settings

MAX_REDIRECTS = 5
CONNECT_TIMEOUT = 10
CHUNK = 64 * 1024
USER_AGENT = "Tracker document fetcher"
ACCEPT = "text/html,application/xhtml+xml,application/pdf;q=0.9,text/plain;q=0.8,*/*;q=0.5"


class FetchError(Exception):
    """A link that cannot be fetched; the message says why in words for the person who gave it."""


@dataclass
class Fetched:
    data: bytes
    # Where the document was found after redirects, and a file name for it from that address.
    url: str
    filename: str
    content_type: str


def check_address(url):
    """What can be told without the network: an http(s) address with a host that is not a private one."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError("only http:// and https:// addresses can be fetched")
    if not parts.hostname:
        raise FetchError("the address has no host name")
    if parts.hostname.lower() in ("localhost", "localhost.localdomain") and not settings.FETCH_ALLOW_PRIVATE_ADDRESSES:
        raise FetchError("it points at this machine")
    try:
        literal = ipaddress.ip_address(parts.hostname)
    except ValueError:
        return parts
    _check_ip(literal)
    return parts


def fetch(url, *, max_bytes=None, timeout=None):
    """The document at `url`, following redirects within bounds; FetchError says what went wrong."""
    max_bytes = max_bytes or settings.UPLOAD_MAX_BYTES
    timeout = timeout or settings.FETCH_TIMEOUT_SECONDS
    deadline = time.monotonic() + timeout
    for _ in range(MAX_REDIRECTS + 1):
        parts = check_address(url)
        response = _get(parts, timeout)
        if response.status in (301, 302, 303, 307, 308) and response.headers.get("Location"):
            response.release_conn()
            url = urljoin(url, response.headers["Location"])
            continue
        try:
            if response.status >= 400:
                reason = f" {response.reason}" if response.reason else ""
                raise FetchError(f"the server answered {response.status}{reason}")
            data = _read(response, max_bytes, deadline)
        finally:
            response.release_conn()
        content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        return Fetched(data=data, url=url, filename=_filename(url, content_type), content_type=content_type)
    raise FetchError(f"it redirects more than {MAX_REDIRECTS} times")


def _get(parts, timeout):
    port = parts.port or (443 if parts.scheme == "https" else 80)
    address = _resolve(parts.hostname, port)
    options = {"timeout": urllib3.Timeout(connect=min(CONNECT_TIMEOUT, timeout), read=timeout), "retries": False}
    if parts.scheme == "https":
        pool = urllib3.HTTPSConnectionPool(
            address,
            port,
            server_hostname=parts.hostname,
            assert_hostname=parts.hostname,
            cert_reqs="CERT_REQUIRED",
            ca_certs=certifi.where(),
            **options,
        )
    else:
        pool = urllib3.HTTPConnectionPool(address, port, **options)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    host = parts.hostname if parts.port is None else f"{parts.hostname}:{parts.port}"
    try:
        return pool.urlopen(
            "GET",
            path,
            headers={"Host": host, "User-Agent": USER_AGENT, "Accept": ACCEPT},
            redirect=False,
            preload_content=False,
        )
    except urllib3.exceptions.TimeoutError:
        raise FetchError(f"the server did not answer within {timeout:g} seconds") from None
    except urllib3.exceptions.SSLError:
        raise FetchError("the server's HTTPS certificate could not be verified") from None
    except urllib3.exceptions.HTTPError as exc:
        raise FetchError(f"the server could not be reached ({_reason(exc)})") from None


def _resolve(hostname, port):
    """One address of the host that may be fetched, checked; the connection goes to that address."""
    try:
        found = socket.getaddrinfo(hostname, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise FetchError(f"the host name {hostname} was not found") from None
    addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in found]
    for address in addresses:
        _check_ip(address)
    return str(addresses[0])


def _check_ip(address):
    if settings.FETCH_ALLOW_PRIVATE_ADDRESSES:
        return
    if address.is_loopback:
        raise FetchError("it points at this machine")
    if address.is_private or address.is_link_local or address.is_reserved or address.is_multicast:
        raise FetchError("it points at a private or local network address")
    if not address.is_global:
        raise FetchError("it points at an address that is not on the public internet")


def _read(response, max_bytes, deadline):
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(f"the document is {int(declared):,} bytes; the limit is {max_bytes:,}")
    chunks, size = [], 0
    try:
        for chunk in response.stream(CHUNK):
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(f"the document is larger than the limit of {max_bytes:,} bytes")
            if time.monotonic() > deadline:
                raise FetchError("the transfer took too long")
            chunks.append(chunk)
    except urllib3.exceptions.TimeoutError:
        raise FetchError("the server stopped sending before the document was complete") from None
    except urllib3.exceptions.HTTPError as exc:
        raise FetchError(f"the transfer broke off ({_reason(exc)})") from None
    data = b"".join(chunks)
    if not data:
        raise FetchError("the server sent an empty answer")
    return data


def _filename(url, content_type):
    """A name for the fetched document: the last part of its address, or one that says its type."""
    name = unquote(PurePosixPath(urlsplit(url).path).name)
    if name and "." in name:
        return name[:200]
    if content_type == "application/pdf":
        return "document.pdf"
    return "document.txt" if content_type == "text/plain" else "page.html"


def _reason(exc):
    return str(getattr(exc, "reason", None) or exc).split(": ")[-1][:200]
