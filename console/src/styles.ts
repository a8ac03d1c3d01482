import { css } from 'lit'

/** Shared by every screen: phone layout first, colours from page.css (light and dark). */
export const screenStyles = css`
  :host {
    display: block;
  }
  h1 {
    font-size: 1.4rem;
    margin: 0 0 1rem;
  }
  h2 {
    font-size: 1.1rem;
    margin: 1.5rem 0 0.5rem;
  }
  p {
    margin: 0 0 1rem;
  }
  button,
  input,
  select {
    font: inherit;
    min-height: 44px;
    box-sizing: border-box;
  }
  input,
  select {
    padding: 0.4rem 0.6rem;
    border: 1px solid var(--muted);
    border-radius: 6px;
    background: var(--bg);
    color: var(--fg);
    width: 100%;
  }
  button {
    padding: 0.5rem 1rem;
    border-radius: 6px;
    border: 1px solid var(--accent);
    background: var(--accent);
    color: var(--accent-fg);
    cursor: pointer;
  }
  button.secondary {
    background: transparent;
    color: var(--accent);
  }
  button:focus-visible,
  input:focus-visible,
  select:focus-visible,
  a:focus-visible {
    outline: 3px solid var(--accent);
    outline-offset: 2px;
  }
  a {
    color: var(--accent);
  }
  label {
    display: block;
    margin: 0 0 0.25rem;
    font-weight: 600;
  }
  .field {
    margin: 0 0 1rem;
  }
  .error {
    color: var(--danger);
  }
  .muted {
    color: var(--muted);
  }
  table {
    border-collapse: collapse;
    width: 100%;
  }
  th,
  td {
    text-align: start;
    padding: 0.5rem;
    border-bottom: 1px solid var(--line);
    vertical-align: top;
  }
  .scroll {
    overflow-x: auto;
  }
  code {
    word-break: break-all;
  }
  .cards {
    list-style: none;
    margin: 0 0 1rem;
    padding: 0;
    display: grid;
    gap: 0.75rem;
  }
  .card {
    border: 1px solid var(--line);
    border-radius: 8px;
    padding: 0.75rem;
    background: var(--surface);
  }
  .card a {
    display: inline-block;
    min-height: 44px;
    line-height: 44px;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
    margin: 0 0 1rem;
  }
  a.button {
    display: inline-flex;
    align-items: center;
    min-height: 44px;
    padding: 0 1rem;
    border: 1px solid var(--accent);
    border-radius: 6px;
    text-decoration: none;
  }
  .hint {
    margin: 0 0 0.25rem;
    font-size: 0.9rem;
  }
  .facts {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.25rem 1rem;
    margin: 0 0 1rem;
  }
  .facts dt {
    font-weight: 600;
  }
  .facts dd {
    margin: 0;
  }
  .timeline {
    padding-inline-start: 1.25rem;
  }
  .timeline li {
    margin: 0 0 0.75rem;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  @media (min-width: 48rem) {
    .filters {
      display: grid;
      grid-template-columns: repeat(3, 1fr);
      gap: 0 1rem;
      align-items: end;
    }
  }
`
