"""The QR code an authenticator app scans, drawn here as inline SVG (no image service, no script)."""

import segno


def qr_svg(url: str) -> str:
    """An <svg> of the otpauth:// address, black on white, with a title for screen readers."""
    return segno.make(url, error="m").svg_inline(
        scale=4,
        dark="#000",
        light="#fff",
        title="QR-код для приложения-аутентификатора",
        svgclass="qr-code",
        omitsize=True,
    )
