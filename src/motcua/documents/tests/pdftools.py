"""Reading a PDF back with poppler-utils (pdftotext, pdfinfo, pdffonts, pdftoppm) and, when installed,
decoding its QR code with zbarimg (Debian's zbar-tools)."""

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

MM = 72 / 25.4  # PDF points per millimetre
A5 = (148 * MM, 210 * MM)
A4_LANDSCAPE = (297 * MM, 210 * MM)


def _run(*command, data: bytes | None = None) -> str:
    return subprocess.run(command, input=data, capture_output=True, check=True).stdout.decode("utf-8")


def text(pdf: bytes) -> str:
    """The text as ``pdftotext -layout`` reads it, with every run of white space made one space."""
    return " ".join(_run("pdftotext", "-layout", "-enc", "UTF-8", "-", "-", data=pdf).split())


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    info = _run("pdfinfo", "-f", "1", "-l", "999", "-", data=pdf)
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)]


def fonts(pdf: bytes) -> list[dict]:
    """pdffonts' table: name, type, embedded (emb column)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        lines = _run("pdffonts", file.name).splitlines()[2:]
    rows = []
    for line in lines:
        # name, type (may contain a space), encoding, emb, sub, uni, object, generation
        match = re.match(r"^(\S+)\s+(.+?)\s+(\S+)\s+(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+$", line)
        assert match, line
        rows.append({"name": match[1], "type": match[2], "embedded": match[4] == "yes"})
    return rows


def qr_texts(pdf: bytes) -> list[str] | None:
    """The QR codes on the first page, or None when zbarimg is not installed."""
    if shutil.which("zbarimg") is None:
        return None
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "form.pdf"
        source.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "300", "-png", "-f", "1", "-l", "1", str(source), str(Path(folder) / "page")],
                       check=True, capture_output=True)
        image = next(Path(folder).glob("page*.png"))
        result = subprocess.run(["zbarimg", "--quiet", "--raw", str(image)], capture_output=True)
        return result.stdout.decode("utf-8").split()


def close_to(size: tuple[float, float], expected: tuple[float, float]) -> bool:
    return abs(size[0] - expected[0]) < 1 and abs(size[1] - expected[1]) < 1
