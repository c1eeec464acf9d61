import QRCode from 'qrcode'

// Error correction M survives a little wear and a phone held at an angle.
const ERROR_CORRECTION = 'M'

/** Sizes in pixels: a projected meeting check-in is scanned from across the room, an invitation from a phone in hand. */
export const QR_SIZE = { screen: 280, invitation: 180, print: 240 } as const

/** A QR code as a PNG data URL, for an <img> on a page. */
export function qrDataUrl(text: string, size: keyof typeof QR_SIZE = 'screen'): Promise<string> {
  return QRCode.toDataURL(text, { margin: 1, width: QR_SIZE[size], errorCorrectionLevel: ERROR_CORRECTION })
}

/** An SVG QR code for a URL, to print on a notice board (a wider quiet zone for paper). */
export function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, {
    type: 'svg',
    errorCorrectionLevel: ERROR_CORRECTION,
    margin: 2,
    width: QR_SIZE.print,
    color: { dark: '#000000', light: '#ffffff' },
  })
}
