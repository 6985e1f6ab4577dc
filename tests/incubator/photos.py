"""Real image bytes for upload tests: phone-like JPEGs with GPS, fakes and bombs."""

from __future__ import annotations

import struct
import zlib
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def phone_jpeg(
    name: str = "IMG_20261101_101010.jpg", size=(1200, 900), orientation: int = 6
) -> SimpleUploadedFile:
    """A JPEG as a phone writes it: camera make/model, an orientation flag and GPS coordinates."""
    image = Image.new("RGB", size, (200, 120, 40))
    for x in range(0, size[0], 50):  # some detail so it is not a flat colour
        image.paste((20, 80, 160), (x, 0, x + 10, size[1]))
    exif = Image.Exif()
    exif[0x010F] = "Samsung"  # Make
    exif[0x0110] = "SM-A155F"  # Model
    exif[0x0112] = orientation
    gps = exif.get_ifd(0x8825)
    gps[1] = "S"  # GPSLatitudeRef
    gps[2] = (6.0, 53.0, 29.0)  # Bandung
    gps[3] = "E"
    gps[4] = (107.0, 36.0, 33.0)
    out = BytesIO()
    image.save(out, "JPEG", exif=exif, quality=90)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def png(name="photo.png", size=(300, 200), mode="RGB") -> SimpleUploadedFile:
    out = BytesIO()
    Image.new(mode, size, (10, 200, 10, 128)[: len(mode)]).save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def fake_jpeg(name="IMG_0001.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, b"This is just a text file pretending to be a photo.\n" * 20, "image/jpeg"
    )


def gif(name="anim.jpg") -> SimpleUploadedFile:
    out = BytesIO()
    Image.new("RGB", (20, 20)).save(out, "GIF")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def png_header_bomb(width=100_000, height=100_000) -> SimpleUploadedFile:
    """A tiny PNG whose header claims 10 gigapixels: must be refused before any decoding."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    data = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )
    return SimpleUploadedFile("bomb.png", data, content_type="image/png")


def compressed_bomb(side=8_000) -> SimpleUploadedFile:
    """A real, valid 64-megapixel PNG of one colour: a few hundred kB that decode to ~192 MB."""
    out = BytesIO()
    Image.new("L", (side, side), 0).save(out, "PNG", optimize=True)
    return SimpleUploadedFile("flat.png", out.getvalue(), content_type="image/png")


def oversized(limit: int) -> SimpleUploadedFile:
    return SimpleUploadedFile("big.jpg", b"\xff\xd8\xff" + b"0" * (limit + 10), content_type="image/jpeg")
