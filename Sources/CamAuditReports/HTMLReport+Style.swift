/// The page's only stylesheet, inline; readable on screen and on paper.
extension HTMLReport {
    static let style = """
        :root{--ink:#1d2430;--muted:#6b7585;--line:#dde2e8;--bg:#f5f7fa}
        *{box-sizing:border-box}
        body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--ink);background:var(--bg)}
        header{background:#1f3550;color:#fff;padding:18px 32px}
        header h1{margin:0;font-size:22px}
        header .meta{margin:4px 0 0;color:#c9d6e6;font-size:13px}
        main{padding:16px 32px;max-width:1400px}
        section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:14px 18px;margin:0 0 16px}
        h2{font-size:17px;margin:0 0 10px}
        h3{font-size:15px;margin:14px 0 6px}
        h4{font-size:13px;margin:10px 0 4px;color:var(--muted);text-transform:uppercase;letter-spacing:.03em}
        .cards{display:flex;flex-wrap:wrap;gap:10px;background:none;border:0;padding:0}
        .card{flex:1 1 140px;background:#fff;border:1px solid var(--line);border-left:5px solid #3b6ea5;border-radius:6px;padding:10px 12px}
        .card .value{font-size:24px;font-weight:700}
        .card .label{color:var(--muted);font-size:12px}
        .card.critical{border-left-color:#b3261e}.card.high{border-left-color:#e0672b}.card.medium{border-left-color:#e8b21f}
        .card.ok{border-left-color:#5a9e5a}.card.muted{border-left-color:#b8b8b8}.card.muted .value{font-size:16px;color:var(--muted)}
        .charts{display:flex;flex-wrap:wrap;gap:24px}
        .charts>div{flex:1 1 480px}
        .chart text{font-size:12px;fill:var(--ink)}
        table{border-collapse:collapse;width:100%;margin:6px 0 10px}
        table.narrow{width:auto}
        th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}
        th{background:#eef2f6;font-weight:600}
        td.num{text-align:right}
        table.plan th:nth-child(1){width:150px}table.plan th:nth-child(2){width:70px}
        td ul{margin:0;padding-left:18px}
        .badge{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;font-weight:600;color:#fff;background:#8a9bb0}
        .badge.critical{background:#b3261e}.badge.high{background:#e0672b}.badge.medium{background:#e8b21f;color:#1d2430}
        .badge.low{background:#4f8fcf}.badge.ok,.badge.none{background:#5a9e5a}.badge.muted,.badge.unknown{background:#b8b8b8;color:#1d2430}
        .small{color:var(--muted);font-size:12px}
        .muted{color:var(--muted)}
        .rules{margin:0 0 8px;padding-left:18px}
        article.device{border-top:1px solid var(--line);padding:4px 0 8px}
        article.device h3 .sub{font-weight:400;color:var(--muted)}
        dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:4px 0}
        dt{color:var(--muted)}dd{margin:0;overflow-wrap:anywhere}
        ul.findings{list-style:none;padding-left:0}
        ul.findings>li{margin:0 0 6px}
        ul.evidence{margin:2px 0;padding-left:20px;color:#3a4352;font-size:13px;overflow-wrap:anywhere}
        li.fix{color:#1f5f1f}
        details{margin:8px 0 2px}summary{cursor:pointer;color:var(--muted);font-size:13px}
        code{font-size:12px;background:#f0f2f5;padding:0 3px;border-radius:3px}
        a{color:#1f4f86}
        footer{padding:8px 32px 24px;color:var(--muted);font-size:12px}
        @media print{body{background:#fff}section{border:0;padding:0}header{background:#fff;color:#000}}
        """
}
