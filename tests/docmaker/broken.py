"""Files a reader must refuse, made for the tests: a scanned PDF, a password-protected one, a zip of anything."""

import io
import zipfile

import pypdf
from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas


def scanned_pdf():
    """A page that is only a picture (a black bar where the text would be): no text layer to read."""
    scan = Image.new("L", (600, 800), "white")
    ImageDraw.Draw(scan).rectangle((60, 60, 540, 90), fill="black")
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4)
    page.drawImage(ImageReader(scan), 0, 0, *A4)
    page.save()
    return out.getvalue()


def locked_pdf(pdf, user_password="secret"):
    """`pdf` encrypted: with a user password it cannot be opened without it; with "" only editing is locked."""
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(pdf))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def zipped(members):
    """A zip of {name: text or bytes}."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in members.items():
            package.writestr(name, data)
    return out.getvalue()
