import type { Lang } from '../../field/labels';
import { t } from '../i18n';
import { Message } from '../layout';

export function SignInPage(p: { lang: Lang; next: string; err?: string }) {
  return (
    <>
      <h1>{t(p.lang, 'signin')}</h1>
      <Message err={p.err} />
      <form method="post" action="/field/signin" class="card">
        <input type="hidden" name="next" value={p.next} />
        <label>
          {t(p.lang, 'token')}
          <input type="password" name="token" autocomplete="current-password" required size={50} />
        </label>
        <p class="muted">{t(p.lang, 'token_hint')}</p>
        <button type="submit">{t(p.lang, 'signin')}</button>
      </form>
    </>
  );
}
