"""HTML to PDF with WeasyPrint: the shared print stylesheet, the vendored Tinos fonts embedded in every
PDF, QR codes as SVG, and no network at all (only this app's own files and data: URLs are read).

WeasyPrint is imported when a PDF is made, not when the project starts, so a server without Pango still
serves every other page."""

from __future__ import annotations

import base64
import logging
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.template.loader import render_to_string

APP_DIR = Path(__file__).resolve().parent
FONT_DIR = APP_DIR / "fonts"
STYLESHEET = APP_DIR / "static" / "documents" / "print.css"
FONT_FAMILY = "Tinos"
FONT_FILES = [
    ("Tinos-Regular.ttf", 400, "normal"),
    ("Tinos-Italic.ttf", 400, "italic"),
    ("Tinos-Bold.ttf", 700, "normal"),
    ("Tinos-BoldItalic.ttf", 700, "italic"),
]

# WeasyPrint reports every layout step at INFO: keep the server's log for what matters.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def font_face_css() -> str:
    return "\n".join(
        f'@font-face {{ font-family: "{FONT_FAMILY}"; font-weight: {weight}; font-style: {style}; '
        f'src: url("{(FONT_DIR / name).as_uri()}") format("truetype"); }}'
        for name, weight, style in FONT_FILES
    )


def qr_svg_data_uri(text: str) -> str:
    """A QR code (error correction M) of ``text`` as an SVG data: URL, drawn on our server."""
    import qrcode
    import qrcode.image.svg

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4,
                         image_factory=qrcode.image.svg.SvgPathImage)
    code.add_data(text)
    code.make(fit=True)
    svg = code.make_image().to_string(encoding="unicode")
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _local_fetcher():
    from weasyprint.urls import URLFetcher

    class LocalFetcher(URLFetcher):
        """Reads data: URLs and files of this app; refuses everything else (no network at render time)."""

        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if parts.scheme == "file":
                path = Path(url2pathname(parts.path)).resolve()
                if not path.is_relative_to(APP_DIR):
                    raise ValueError(f"not one of the forms' own files: {url}")
            elif parts.scheme != "data":
                raise ValueError(f"forms read no external resources: {url[:80]}")
            return super().fetch(url, headers)

    return LocalFetcher(allowed_protocols=("file", "data"), fail_on_errors=True)


def html_to_pdf(html: str) -> bytes:
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    fetcher = _local_fetcher()
    stylesheets = [
        CSS(string=font_face_css(), font_config=fonts, url_fetcher=fetcher),
        CSS(filename=str(STYLESHEET), font_config=fonts, url_fetcher=fetcher),
    ]
    document = HTML(string=html, base_url=APP_DIR.as_uri() + "/", url_fetcher=fetcher)
    return document.write_pdf(stylesheets=stylesheets, font_config=fonts)


def render_html(template: str, context: dict) -> str:
    return render_to_string(template, context)


def render_pdf(template: str, context: dict) -> bytes:
    return html_to_pdf(render_html(template, context))
