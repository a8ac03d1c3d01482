import { correction, generate } from 'lean-qr/nano'
import { render } from 'lit'
import { describe, expect, it } from 'vitest'
import { qrPath, renderQr, timeLeft } from './qr.js'

/** Rasterises the path's runs back into a set of "x,y" dark modules. */
function modulesOf(d: string): Set<string> {
  const set = new Set<string>()
  for (const m of d.matchAll(/M(\d+) (\d+)h(\d+)v1h-\3z/g)) {
    const [x, y, run] = [Number(m[1]), Number(m[2]), Number(m[3])]
    for (let i = 0; i < run; i++) set.add(`${x + i},${y}`)
  }
  return set
}

describe('qrPath', () => {
  it('draws exactly the dark modules of the code, inside a 4-module quiet zone', () => {
    const url = 'https://pay.example/sandbox/pay/EFT20261121000001?x=1'
    const { size, d } = qrPath(url)
    const ref = generate(url, { minCorrectionLevel: correction.M })
    expect(size).toBe(ref.size + 8)
    const drawn = modulesOf(d)
    const inner = ref.size
    let dark = 0
    for (let y = 0; y < inner; y++) {
      for (let x = 0; x < inner; x++) {
        expect(drawn.has(`${x + 4},${y + 4}`)).toBe(ref.get(x, y))
        if (ref.get(x, y)) dark++
      }
    }
    expect(drawn.size).toBe(dark)
  })
  it('encodes different texts differently', () => {
    expect(qrPath('weixin://wxpay/bizpayurl?pr=a').d).not.toBe(
      qrPath('weixin://wxpay/bizpayurl?pr=b').d,
    )
  })
})

describe('renderQr', () => {
  it('renders an SVG image with a label and no data: URL', () => {
    const host = document.createElement('div')
    render(renderQr('https://example.com/', 'QR code to pay'), host)
    const el = host.querySelector('svg')!
    expect(el.getAttribute('part')).toBe('qr')
    expect(el.getAttribute('role')).toBe('img')
    expect(el.getAttribute('aria-label')).toBe('QR code to pay')
    expect(el.querySelector('path')!.getAttribute('d')).toMatch(/^M4 4h7v1h-7z/)
    expect(host.innerHTML).not.toContain('data:')
  })
})

describe('timeLeft', () => {
  it('counts down in m:ss and stops at zero', () => {
    const now = Date.parse('2026-11-21T12:00:00.000Z')
    expect(timeLeft('2026-11-21T12:05:00.000Z', now)).toBe('5:00')
    expect(timeLeft('2026-11-21T12:00:09.900Z', now)).toBe('0:09')
    expect(timeLeft('2026-11-21T11:59:00.000Z', now)).toBe('0:00')
  })
})
