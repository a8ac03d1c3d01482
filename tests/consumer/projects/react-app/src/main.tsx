// React 19 with the bare element in JSX (typed by @eftpay/button/jsx) and with the wrapper.
import '@eftpay/button'
import type {} from '@eftpay/button/jsx'
import { EftpayButton } from '@eftpay/button/react'
import { useState } from 'react'
import { createRoot } from 'react-dom/client'

const signer = import.meta.env.VITE_SIGNER_URL as string

function App() {
  const [events, setEvents] = useState<string[]>([])
  return (
    <main>
      <h1>React app</h1>
      <eftpay-button
        id="bare"
        signer={signer}
        sku="egg-tart"
        quantity={1}
        theme="light"
        oneftpay-ready={(event) =>
          setEvents((list) => [...list, `bare:${event.detail.wallets.length}`])
        }
      />
      {/* @ts-expect-error: the typings know the attribute's values */}
      <eftpay-button theme="purple" />
      <EftpayButton
        id="wrapped"
        signer={signer}
        sku="milk-tea"
        onEftpayReady={() => setEvents((list) => [...list, 'wrapped'])}
      />
      <p id="events">{events.join(' ')}</p>
    </main>
  )
}

const root = document.getElementById('root')
if (root) createRoot(root).render(<App />)
