package io.momentum.dashboard;

/** The dashboard's one stylesheet, inlined into every page so the pages need no external assets. */
final class DashboardStyle {
    static final String CSS = """
            :root{--fg:#1f2937;--muted:#6b7280;--bg:#f8fafc;--card:#fff;--line:#e5e7eb;--good:#047857;--bad:#b91c1c;--warn:#b45309}
            *{box-sizing:border-box}body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
            header{display:flex;gap:1rem;align-items:center;justify-content:space-between;padding:.6rem 1rem;background:#111827;color:#fff}
            header a{color:#fff;text-decoration:none;margin-left:1rem}.brand{font-weight:700;margin-left:0!important}
            main{max-width:1100px;margin:0 auto;padding:1rem}h1{font-size:1.5rem;margin:.5rem 0}h2{font-size:1.15rem;margin:1.4rem 0 .5rem}
            h3{font-size:1rem;margin:0 0 .2rem}a{color:#1d4ed8}.muted{color:var(--muted)}.num{font-variant-numeric:tabular-nums}
            .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:.8rem}
            .card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:.8rem}.card p{margin:.3rem 0}
            .reason{font-size:.9rem;color:var(--muted)}
            .badge{display:inline-block;padding:.05rem .5rem;border-radius:999px;font-size:.8rem;font-weight:600;background:#e5e7eb;color:#374151}
            .decision-winner{background:#d1fae5;color:var(--good)}.decision-srm-detected,.decision-guardrail-violated,.decision-downstream-harm{background:#fee2e2;color:var(--bad)}
            .decision-no-difference-yet{background:#fef3c7;color:var(--warn)}.status-running{background:#dbeafe;color:#1e40af}.decision-stopped,.status-stopped{background:#e5e7eb}
            .decision{background:var(--card);border:1px solid var(--line);border-left:6px solid var(--muted);border-radius:8px;padding:.2rem 1rem;margin:1rem 0}
            .decision.winner{border-left-color:var(--good)}.decision.srm-detected,.decision.guardrail-violated,.decision.downstream-harm{border-left-color:var(--bad)}
            .decision.no-difference-yet{border-left-color:var(--warn)}.winner{font-size:1rem}
            .alert{background:#fee2e2;border:1px solid #fca5a5;color:var(--bad);border-radius:8px;padding:.7rem 1rem;margin:1rem 0}
            .facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:.5rem;margin:0}
            .facts div{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:.5rem .7rem}dt{font-size:.8rem;color:var(--muted)}dd{margin:0;font-size:1.1rem;font-weight:600}
            pre{white-space:pre-wrap;overflow-wrap:anywhere;max-width:100%}p,li,dd,a{overflow-wrap:anywhere}
            .scroll{overflow-x:auto;background:var(--card);border:1px solid var(--line);border-radius:8px}
            table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{padding:.35rem .6rem;border-bottom:1px solid var(--line);text-align:left;white-space:nowrap}
            td.num{text-align:right}.better{color:var(--good);font-weight:600}.worse{color:var(--bad);font-weight:600}
            .chart{width:100%;height:auto;background:var(--card);border:1px solid var(--line);border-radius:8px}
            .axis{stroke:#111827;stroke-width:1}.grid{stroke:var(--line)}.reference{stroke:var(--bad);stroke-dasharray:4 3}
            .tick{font-size:10px;fill:var(--muted)}.label{font-size:12px;fill:var(--fg);text-anchor:end}
            .bar{fill:#9ca3af}.dot{fill:#374151}g.better .bar{fill:#6ee7b7}g.better .dot{fill:var(--good)}g.worse .bar{fill:#fca5a5}g.worse .dot{fill:var(--bad)}
            .charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(280px,1fr));gap:.8rem}figure{margin:0}figcaption{font-size:.85rem;color:var(--muted)}
            .legend span{margin-right:1rem}
            .wheel{display:grid;grid-template-columns:minmax(0,1fr) auto minmax(0,1fr) auto minmax(0,1fr) auto minmax(0,1fr);gap:.5rem;align-items:stretch}
            .arrow{display:flex;flex-direction:column;justify-content:center;align-items:center;font-weight:600}.arrow::after{content:"→";font-size:1.6rem}
            .big{font-size:1.8rem;font-weight:700;margin:.2rem 0}.effects{padding-left:1rem;font-size:.88rem}
            @media (max-width:760px){.wheel{grid-template-columns:1fr}.arrow::after{content:"↓"}main{padding:.6rem}header nav a{margin-left:.6rem}}
                        .wheelsvg{max-width:420px;display:block;margin:0 auto 1rem}.node circle{fill:#dbeafe;stroke:#1e40af}.nodename{font-size:13px;font-weight:600;text-anchor:middle}
            .nodekpi{font-size:11px;text-anchor:middle;fill:var(--muted)}.arc{stroke:#9ca3af;stroke-width:6}.friction.better .arc{stroke:#6ee7b7}.friction.worse .arc{stroke:#fca5a5}
            .spark{width:160px;height:36px;display:block}.spark polyline{fill:none;stroke:#2563eb;stroke-width:2}
""";

    private DashboardStyle() {
    }
}
