"""Benchmark of the attachment check and metadata-free re-encoding (lib.uploads). Prints figures.

    .venv/bin/python bench/attachments.py

A phone photo (12 MP JPEG with EXIF GPS) and a PNG screenshot, as a complainant sends them; the
figure is the time one upload adds to the web request before anything is stored.
"""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PIL import Image  # noqa: E402

from maklumat.lib.uploads import reencode  # noqa: E402


def photo(size: tuple[int, int], kind: str) -> bytes:
    image = Image.effect_noise(size, 60).convert("RGB")  # noise: the worst case for the encoder
    exif = Image.Exif()
    exif.get_ifd(0x8825).update({1: "S", 2: (8.0, 5.0, 42.0), 3: "E", 4: (112.0, 9.0, 54.0)})
    out = io.BytesIO()
    image.save(out, format=kind, exif=exif, **({"quality": 90} if kind == "JPEG" else {}))
    return out.getvalue()


def timed(label: str, repeat: int, data: bytes) -> None:
    started = time.perf_counter()
    for _ in range(repeat):
        _kind, clean = reencode(data)
    elapsed = (time.perf_counter() - started) / repeat
    print(f"{label:<46} {len(data) / 1e6:6.2f} MB -> {len(clean) / 1e6:6.2f} MB {elapsed * 1000:9.1f} ms")


if __name__ == "__main__":
    timed("12 MP phone photo, JPEG with GPS (4000x3000)", 3, photo((4000, 3000), "JPEG"))
    timed("3 MP photo, JPEG with GPS (2000x1500)", 3, photo((2000, 1500), "JPEG"))
    timed("phone screenshot, PNG (1080x2400)", 3, photo((1080, 2400), "PNG"))
