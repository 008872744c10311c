/** The one stylesheet, served as /assets/switchboard.css (cached; no inline styles needed). */
export const STYLESHEET = `
:root{--fg:#1b1f24;--muted:#5b6470;--line:#e3e6ea;--bg:#fff;--soft:#f6f7f9;--accent:#4f46e5;--good:#15803d;--bad:#b91c1c;--warn:#b45309;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
*{box-sizing:border-box}body{margin:0}a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
header.top{display:flex;gap:1.25rem;align-items:center;padding:.7rem 1.5rem;border-bottom:1px solid var(--line);flex-wrap:wrap}
header.top .brand{font-weight:700;color:var(--fg);margin-right:.5rem}header.top nav{display:flex;gap:1rem;flex-wrap:wrap}
header.top nav a{color:var(--muted)}header.top nav a.active{color:var(--fg);font-weight:600}header.top .spacer{flex:1}
main{max-width:1180px;margin:0 auto;padding:1.25rem 1.5rem 3rem}h1{font-size:1.6rem;margin:.4rem 0}h2{font-size:1.15rem;margin:2rem 0 .6rem}
.muted{color:var(--muted)}.small{font-size:.85rem}.mono,code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85rem}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.45rem .6rem;border-bottom:1px solid var(--line);vertical-align:top}
th{font-size:.8rem;color:var(--muted);font-weight:600;white-space:nowrap}td.num,th.num{text-align:right;white-space:nowrap}
.table-wrap{overflow-x:auto}.facts{display:flex;gap:1.5rem;flex-wrap:wrap;margin:.6rem 0}.facts div{background:var(--soft);padding:.5rem .8rem;border-radius:8px}
.facts b{display:block;font-size:.75rem;color:var(--muted);font-weight:600}
form.filters{display:flex;gap:.6rem;flex-wrap:wrap;align-items:end;margin:1rem 0;padding:.8rem;background:var(--soft);border-radius:8px}
label{display:flex;flex-direction:column;font-size:.8rem;color:var(--muted);gap:.2rem}
input,select,button{font:inherit;padding:.35rem .55rem;border:1px solid #c9ced6;border-radius:6px;background:#fff;color:var(--fg)}
button{cursor:pointer;background:var(--accent);border-color:var(--accent);color:#fff}button.secondary{background:#fff;color:var(--fg);border-color:#c9ced6}
.empty{padding:1rem;border:1px dashed #c9ced6;border-radius:8px;color:var(--muted);background:var(--soft)}
.chart{min-height:240px}.badge{display:inline-block;padding:0 .45rem;border-radius:999px;font-size:.75rem;background:var(--soft);border:1px solid var(--line)}
.good{color:var(--good)}.bad{color:var(--bad)}.warn{color:var(--warn)}
.tabs [role=tablist]{display:flex;gap:.3rem;border-bottom:1px solid var(--line)}
.tabs [role=tab]{background:none;color:var(--muted);border:none;border-bottom:2px solid transparent;border-radius:0}
.tabs [role=tab][aria-selected=true]{color:var(--fg);border-bottom-color:var(--accent)}
pre{background:#0f172a;color:#e2e8f0;padding:1rem;border-radius:8px;overflow-x:auto;margin:.5rem 0}
.copy-row{display:flex;gap:.5rem;align-items:center}.notice{padding:.8rem 1rem;border-radius:8px;background:#ecfdf5;border:1px solid #a7f3d0;margin:1rem 0}
.error{padding:.8rem 1rem;border-radius:8px;background:#fef2f2;border:1px solid #fecaca;margin:1rem 0}
.plaintext{font-size:1rem;padding:.5rem;background:#fff;border:1px solid var(--line);border-radius:6px;word-break:break-all}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:1.5rem}
`;
