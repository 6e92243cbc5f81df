import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { jsxRenderer } from 'hono/jsx-renderer';
import type { Child } from 'hono/jsx';
import type { Lang } from '../field/labels';
import { t } from './i18n';

export const LANG_COOKIE = 'yunet_lang';

/** Chinese unless the visitor switched to English. */
export function langOf(c: Context): Lang {
  return getCookie(c, LANG_COOKIE) === 'en' ? 'en' : 'zh';
}

const css = `
*{box-sizing:border-box}body{margin:0;font-family:"Noto Sans CJK SC","WenQuanYi Zen Hei","Microsoft YaHei",system-ui,sans-serif;color:#1d2733;background:#f4f6f8;font-size:15px}
header{background:#0b4f8a;color:#fff;padding:.5rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center}
header a{color:#fff;text-decoration:none}header nav{display:flex;flex-wrap:wrap;gap:.25rem .9rem;flex:1}header .who{font-size:.85rem;opacity:.9}
main{padding:1rem;max-width:1200px;margin:0 auto}h1{font-size:1.3rem;margin:.2rem 0 1rem}h2{font-size:1.1rem;margin:1.4rem 0 .6rem}
.card{background:#fff;border-radius:6px;padding:1rem;box-shadow:0 1px 2px #0002;margin-bottom:1rem}
.wrap{overflow-x:auto}table{border-collapse:collapse;width:100%;background:#fff}th,td{padding:.4rem .5rem;border-bottom:1px solid #e3e7eb;text-align:left;white-space:nowrap}
th{background:#eef2f6;font-weight:600}td.num,th.num{text-align:right}tr.total td{font-weight:700;background:#f7f9fb}
.bar{background:#e3e7eb;border-radius:3px;height:.9rem;min-width:6rem;position:relative}.bar span{display:block;height:100%;border-radius:3px;background:#2a8f4a}.bar span.low{background:#d08a1c}
form.inline{display:flex;gap:.3rem;align-items:center;margin:0}form.filters{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end}
label{display:flex;flex-direction:column;font-size:.85rem;gap:.2rem}input,select,button{font:inherit;padding:.3rem .45rem;border:1px solid #b8c2cc;border-radius:4px;background:#fff}
button,.button{background:#0b4f8a;color:#fff;border-color:#0b4f8a;cursor:pointer;text-decoration:none;padding:.3rem .7rem;border-radius:4px;display:inline-block}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(15rem,1fr));gap:.7rem}
.msg{padding:.6rem .8rem;border-radius:4px;margin-bottom:1rem}.msg.ok{background:#e1f3e6}.msg.err{background:#fbe3e1}
.badge{background:#d08a1c;color:#fff;border-radius:3px;padding:.05rem .4rem;font-size:.75rem}.muted{color:#667}
.pager{display:flex;gap:1rem;align-items:center;margin-top:.6rem}
@media (max-width:640px){main{padding:.5rem}th,td{padding:.35rem .3rem;font-size:.9rem}.hide-phone{display:none}header{font-size:.95rem}}
`;

/** The page frame: DOCTYPE (jsxRenderer), navigation, signed-in user, language switch. */
export function fieldRenderer(opts: { demo: boolean }) {
  return jsxRenderer(({ children }, c) => {
    const lang = langOf(c);
    const who = c.get('principal');
    const here = new URL(c.req.url).pathname + new URL(c.req.url).search;
    return (
      <html lang={lang === 'zh' ? 'zh-CN' : 'en'}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{t(lang, 'title')}</title>
          <style>{css}</style>
        </head>
        <body>
          <header>
            <strong>{t(lang, 'title')}</strong>
            {opts.demo && <span class="badge">{t(lang, 'demo')}</span>}
            <nav>
              <a href="/field">{t(lang, 'progress')}</a>
              <a href="/field/stations">{t(lang, 'stations')}</a>
              <a href="/field/blind-spots">{t(lang, 'blind_spots')}</a>
              <a href="/field/hazards">{t(lang, 'hazards')}</a>
              <a href="/field/import">{t(lang, 'import')}</a>
            </nav>
            <a href={`/field/lang?to=${lang === 'zh' ? 'en' : 'zh'}&back=${encodeURIComponent(here)}`}>{lang === 'zh' ? 'English' : '中文'}</a>
            {who ? (
              <form method="post" action="/field/signout" class="inline">
                <input type="hidden" name="_csrf" value={c.get('csrfToken')} />
                <span class="who">
                  {who.name} ({who.role})
                </span>
                <button type="submit">{t(lang, 'signout')}</button>
              </form>
            ) : (
              <a href="/field/signin">{t(lang, 'signin')}</a>
            )}
          </header>
          <main>{children}</main>
        </body>
      </html>
    );
  });
}

export function Message({ ok, err }: { ok?: string; err?: string }): Child {
  return (
    <>
      {ok && <div class="msg ok">{ok}</div>}
      {err && <div class="msg err">{err}</div>}
    </>
  );
}
