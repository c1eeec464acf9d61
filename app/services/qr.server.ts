import QRCode from 'qrcode'

/** An SVG QR code for a URL, to print on a notice board (error correction M survives a little wear). */
export function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, width: 240, color: { dark: '#000000', light: '#ffffff' } })
}
