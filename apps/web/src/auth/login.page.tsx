import { useState, type FormEvent } from 'react';
import { signIn } from '../api/http.client';
import { ErrorNote } from '../ui/kit.view';

export function LoginPage() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await signIn(email.trim(), password);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <div className="login">
      <div className="login-art" aria-hidden="true">
        <div className="brand brand-large">
          <span className="brand-mark">Q</span>
          <span>Quorate</span>
        </div>
        <p className="login-tagline">
          Every AI-generated asset, reviewed by the right people before it ships.
        </p>
        <ul className="login-points">
          <li>Validated against your brand rules</li>
          <li>Weighted votes, clear quorum</li>
          <li>A tamper-evident record of every step</li>
        </ul>
      </div>
      <main className="login-panel">
        <form className="login-form" onSubmit={(e) => void submit(e)} aria-labelledby="login-title">
          <h1 id="login-title">Sign in</h1>
          <p className="muted">Use the account your administrator created for you.</p>
          <div className="field">
            <label htmlFor="email">Email</label>
            <input
              id="email"
              type="email"
              autoComplete="username"
              required
              autoFocus
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="password">Password</label>
            <input
              id="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </div>
          <ErrorNote error={error} />
          <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      </main>
    </div>
  );
}
