import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { jsxRenderer } from 'hono/jsx-renderer';
import type { Child } from 'hono/jsx';
import type { Lang } from '../field/labels';
import { t } from './i18n';
import { css } from './style';

export const LANG_COOKIE = 'yunet_lang';

declare module 'hono' {
  interface ContextRenderer {
    /** `title` names the page in the browser tab (the area's name otherwise). */
    (content: string | Promise<string>, props?: { title?: string }): Response | Promise<Response>;
  }
}

/** Chinese unless the visitor switched to English. */
export function langOf(c: Context): Lang {
  return getCookie(c, LANG_COOKIE) === 'en' ? 'en' : 'zh';
}

/** The areas every page links to, in menu order: path, Chinese and English names. */
const AREAS: { path: string; zh: string; en: string }[] = [
  { path: '/', zh: '总览', en: 'Overview' },
  { path: '/devices', zh: '设备', en: 'Devices' },
  { path: '/readiness', zh: '双栈', en: 'Dual stack' },
  { path: '/field', zh: '5G与外场', en: '5G & field' },
  { path: '/drills', zh: '攻防演练', en: 'Drills' },
  { path: '/topology', zh: '拓扑', en: 'Topology' },
  { path: '/xinchuang', zh: '信创', en: 'Domestic IT' },
];

/** The field area's own pages, shown under the menu while in it. */
const FIELD_PAGES = ['progress', 'stations', 'blind_spots', 'hazards', 'import'] as const;
const FIELD_PATHS: Record<(typeof FIELD_PAGES)[number], string> = {
  progress: '/field',
  stations: '/field/stations',
  blind_spots: '/field/blind-spots',
  hazards: '/field/hazards',
  import: '/field/import',
};

const areaOf = (path: string) => AREAS.filter((a) => a.path !== '/').find((a) => path === a.path || path.startsWith(`${a.path}/`))?.path ?? (path === '/' ? '/' : null);

/**
 * The one page frame of yunet: DOCTYPE (jsxRenderer), the menu of every area, the signed-in user and role,
 * the language switch, one stylesheet. Pages render their content into it with `c.render(...)`.
 */
export function pageRenderer(opts: { demo: boolean }) {
  return jsxRenderer(({ children, title }, c) => {
    const lang = langOf(c);
    const who = c.get('principal');
    const url = new URL(c.req.url);
    const here = url.pathname + url.search;
    const area = areaOf(url.pathname);
    const csrf = c.get('csrfToken');
    return (
      <html lang={lang === 'zh' ? 'zh-CN' : 'en'}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{title ?? `${t(lang, 'app')}${area ? ` · ${AREAS.find((a) => a.path === area)![lang]}` : ''}`}</title>
          <style>{css}</style>
        </head>
        <body>
          <header>
            <strong>{t(lang, 'app')}</strong>
            {opts.demo && <span class="badge">{t(lang, 'demo')}</span>}
            <nav aria-label={t(lang, 'menu')}>
              {AREAS.map((a) => (
                <a href={a.path} aria-current={a.path === area ? 'page' : undefined}>
                  {a[lang]}
                </a>
              ))}
            </nav>
            <a href={`/field/lang?to=${lang === 'zh' ? 'en' : 'zh'}&back=${encodeURIComponent(here)}`}>{lang === 'zh' ? 'English' : '中文'}</a>
            {who ? (
              <form method="post" action="/field/signout" class="inline">
                <input type="hidden" name="_csrf" value={csrf ?? ''} />
                <span class="who">
                  {who.name} ({t(lang, `role_${who.role}`)})
                </span>
                <button type="submit">{t(lang, 'signout')}</button>
              </form>
            ) : (
              <a href={`/field/signin?next=${encodeURIComponent(here)}`}>{t(lang, 'signin')}</a>
            )}
          </header>
          {area === '/field' && (
            <nav class="sub" aria-label={t(lang, 'title')}>
              {FIELD_PAGES.map((p) => (
                <a href={FIELD_PATHS[p]} aria-current={url.pathname === FIELD_PATHS[p] ? 'page' : undefined}>
                  {t(lang, p)}
                </a>
              ))}
            </nav>
          )}
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
