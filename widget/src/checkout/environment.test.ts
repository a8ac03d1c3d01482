import { describe, expect, it } from 'vitest'
import { detectDevice, readHints } from './environment.js'

const UA = {
  iphoneSafari:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  iphoneWechat:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_HK',
  androidChrome:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36',
  androidAlipayHK:
    'Mozilla/5.0 (Linux; U; Android 13; zh-HK; SM-S9110) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/108.0 Mobile Safari/537.36 AlipayClientHK/5.6.0',
  androidTablet:
    'Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  windowsChrome:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  mac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
  desktopWechat:
    'Mozilla/5.0 (Windows NT 10.0; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/81.0.4044.138 Safari/537.36 NetType/WIFI MicroMessenger/7.0.20.1781(0x6700143B) WindowsWechat',
}

describe('detectDevice', () => {
  it('reads an iPhone browser', () => {
    expect(detectDevice({ userAgent: UA.iphoneSafari })).toEqual({
      os: 'ios',
      mobile: true,
      in_app: 'none',
    })
  })
  it('reads WeChat’s in-app browser on iOS', () => {
    expect(detectDevice({ userAgent: UA.iphoneWechat })).toEqual({
      os: 'ios',
      mobile: true,
      in_app: 'wechat',
    })
  })
  it('reads Android Chrome', () => {
    expect(detectDevice({ userAgent: UA.androidChrome })).toEqual({
      os: 'android',
      mobile: true,
      in_app: 'none',
    })
  })
  it('reads Alipay HK’s in-app browser on Android', () => {
    expect(detectDevice({ userAgent: UA.androidAlipayHK })).toEqual({
      os: 'android',
      mobile: true,
      in_app: 'alipay',
    })
  })
  it('counts an Android tablet as mobile', () => {
    expect(detectDevice({ userAgent: UA.androidTablet })).toEqual({
      os: 'android',
      mobile: true,
      in_app: 'none',
    })
  })
  it('reads a desktop browser', () => {
    expect(detectDevice({ userAgent: UA.windowsChrome })).toEqual({
      os: 'others',
      mobile: false,
      in_app: 'none',
    })
    expect(detectDevice({ userAgent: UA.mac, maxTouchPoints: 0 })).toEqual({
      os: 'others',
      mobile: false,
      in_app: 'none',
    })
  })
  it('tells an iPad asking for the desktop site by its touch points', () => {
    expect(detectDevice({ userAgent: UA.mac, maxTouchPoints: 5 })).toEqual({
      os: 'ios',
      mobile: true,
      in_app: 'none',
    })
  })
  it('reads WeChat on a desktop as in-app but not mobile', () => {
    expect(detectDevice({ userAgent: UA.desktopWechat })).toEqual({
      os: 'others',
      mobile: false,
      in_app: 'wechat',
    })
  })
  it('trusts client hints where the user agent is reduced', () => {
    const reduced =
      'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36'
    expect(detectDevice({ userAgent: reduced, platform: 'Android', mobile: true }).os).toBe(
      'android',
    )
    expect(
      detectDevice({ userAgent: UA.windowsChrome, platform: 'Windows', mobile: true }).mobile,
    ).toBe(true)
  })
})

describe('readHints', () => {
  it('copies user agent, client hints and touch points from a navigator', () => {
    const nav = {
      userAgent: 'x',
      maxTouchPoints: 2,
      userAgentData: { platform: 'Android', mobile: true },
    }
    expect(readHints(nav)).toEqual({
      userAgent: 'x',
      platform: 'Android',
      mobile: true,
      maxTouchPoints: 2,
    })
  })
  it('reads the real navigator of the test browser', () => {
    expect(readHints().userAgent).toBe(navigator.userAgent)
  })
})
