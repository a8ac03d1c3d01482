// Debian's Chromium and the launch flags that work as root on this closed network (docs/development.md):
// Playwright cannot download its own browser here. Shared by every part that starts Chromium
// (widget tests, end-to-end tests, the demo's screenshots, the bench).

/** The browser binary; `scripts/setup.sh` installs it and exports CHROMIUM_PATH. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Without the background-networking flags Chromium keeps dialling hosts it cannot reach. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  '--disable-default-apps',
]

/** Playwright `launchOptions` for that browser. */
export const chromiumLaunchOptions = { executablePath: chromiumPath, args: chromiumArgs }
