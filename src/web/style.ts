/** The one stylesheet of every page (inline: pages stay one request, and the extranet has no CDN). */
export const css = `
*{box-sizing:border-box}body{margin:0;font-family:"Noto Sans CJK SC","WenQuanYi Zen Hei","Microsoft YaHei",system-ui,sans-serif;color:#1d2733;background:#f4f6f8;font-size:15px}
a{color:#0b4f8a}header{background:#0b4f8a;color:#fff;padding:.5rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center}
header a{color:#fff;text-decoration:none}header nav{display:flex;flex-wrap:wrap;gap:.25rem .9rem;flex:1}header nav a[aria-current]{border-bottom:2px solid #fff}
header .who{font-size:.85rem}nav.sub{display:flex;flex-wrap:wrap;gap:.3rem 1rem;padding:.4rem 1rem;background:#dfe8f1}nav.sub a{text-decoration:none}nav.sub a[aria-current]{font-weight:700}
main{padding:1rem;max-width:1200px;margin:0 auto}h1{font-size:1.3rem;margin:.2rem 0 1rem}h2{font-size:1.1rem;margin:1.4rem 0 .6rem}h1 small,h2 small,th small{color:#566;font-weight:normal}
.card{background:#fff;border-radius:6px;padding:1rem;box-shadow:0 1px 2px #0002;margin-bottom:1rem}
.wrap{overflow-x:auto}table{border-collapse:collapse;width:100%;background:#fff}th,td{padding:.4rem .5rem;border-bottom:1px solid #e3e7eb;text-align:left;white-space:nowrap}
th{background:#eef2f6;font-weight:600}td.num,th.num{text-align:right}tr.total td{font-weight:700;background:#f7f9fb}td.wide{white-space:normal}
.bar{background:#e3e7eb;border-radius:3px;height:.9rem;min-width:6rem;position:relative}.bar span{display:block;height:100%;border-radius:3px;background:#2a8f4a}.bar span.low{background:#a86a10}
form.inline{display:flex;gap:.3rem;align-items:center;margin:0}form.filters{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end;margin-bottom:.8rem}
label{display:flex;flex-direction:column;font-size:.85rem;gap:.2rem}input,select,button{font:inherit;padding:.3rem .45rem;border:1px solid #8a96a3;border-radius:4px;background:#fff}
button,.button{background:#0b4f8a;color:#fff;border-color:#0b4f8a;cursor:pointer;text-decoration:none;padding:.3rem .7rem;border-radius:4px;display:inline-block}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(15rem,1fr));gap:.7rem}.figure{font-size:1.6rem;font-weight:700}.figure a{text-decoration:none}
.msg{padding:.6rem .8rem;border-radius:4px;margin-bottom:1rem}.msg.ok{background:#e1f3e6}.msg.err{background:#fbe3e1}
.banner{background:#8a1c14;color:#fff;padding:.5rem 1rem}.banner a{color:#fff}
.badge{background:#8a5a00;color:#fff;border-radius:3px;padding:.05rem .4rem;font-size:.75rem}.muted{color:#566}.none{color:#566}
.up{color:#1e6b36}.down{color:#a0221a}.pass{color:#1e6b36}.fail{color:#a0221a}
.legend{display:flex;flex-wrap:wrap;gap:.3rem 1.2rem;list-style:none;padding:0}
.pager{display:flex;gap:1rem;align-items:center;margin-top:.6rem}dl.facts{display:grid;grid-template-columns:max-content auto;gap:.25rem 1rem;margin:0}dl.facts dt{color:#566}
@media (max-width:640px){main{padding:.5rem}th,td{padding:.35rem .3rem;font-size:.9rem}.hide-phone{display:none}header{font-size:.95rem}}
@media print{@page{size:A4;margin:15mm}header,nav.sub,form,.no-print{display:none}body{background:#fff;font-size:11pt}main{max-width:none;padding:0}.card{box-shadow:none;padding:0}th,td{white-space:normal}}
`;
