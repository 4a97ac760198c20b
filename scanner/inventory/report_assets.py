"""The style and script inlined into report.html: one self-contained page, nothing fetched."""

CSS = """
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#1d2329}
h1{font-size:1.5em;margin:0 0 .2em}h2{font-size:1.15em;margin:1.4em 0 .5em}
.meta{color:#5a6570}.cards{display:flex;gap:1em;flex-wrap:wrap;margin:1em 0}
.card{border:1px solid #d5dbe1;border-radius:6px;padding:.6em 1em;min-width:8em}
.card b{display:block;font-size:1.6em}.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(20em,1fr));gap:1em}
.chart{border:1px solid #d5dbe1;border-radius:6px;padding:.6em}.chart h3{font-size:1em;margin:0 0 .4em}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{border-bottom:1px solid #e3e7eb;padding:.3em .4em;text-align:left;vertical-align:top}
th{background:#f3f5f7;position:sticky;top:0;cursor:pointer;user-select:none;white-space:nowrap}
th[aria-sort=ascending]::after{content:" \\25B2"}th[aria-sort=descending]::after{content:" \\25BC"}
td.num{text-align:right}td.loc{overflow-wrap:anywhere;min-width:16em;max-width:36em}
.s-overdue{color:#a4161a;font-weight:600}.s-ok{color:#2b7a0b}.s-unknown{color:#7a5c00}
.controls{display:flex;gap:.6em;margin:.6em 0;align-items:center;flex-wrap:wrap}
input,select{font:inherit;padding:.25em .4em}
"""

SCRIPT = r"""
(function(){
  const table = document.getElementById('inventory');
  const body = table.tBodies[0];
  const heads = Array.from(table.tHead.rows[0].cells);
  const filterBox = document.getElementById('filter');
  const statusBox = document.getElementById('status');
  const shown = document.getElementById('shown');
  function cellValue(row, index){
    const cell = row.cells[index];
    return cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent;
  }
  function sortBy(index, direction){
    const numeric = heads[index].dataset.type === 'number';
    const rows = Array.from(body.rows);
    rows.sort(function(a, b){
      let x = cellValue(a, index), y = cellValue(b, index);
      let order = numeric ? (parseFloat(x) || 0) - (parseFloat(y) || 0) : x.localeCompare(y, 'et');
      return direction === 'descending' ? -order : order;
    });
    rows.forEach(function(r){ body.appendChild(r); });
    heads.forEach(function(h, i){ if (i === index) h.setAttribute('aria-sort', direction); else h.removeAttribute('aria-sort'); });
  }
  function applyFilter(){
    const words = filterBox.value.toLowerCase().split(/\s+/).filter(Boolean);
    const status = statusBox.value;
    let count = 0;
    Array.from(body.rows).forEach(function(row){
      const text = row.textContent.toLowerCase();
      const ok = words.every(function(w){ return text.indexOf(w) >= 0; }) &&
                 (!status || row.dataset.status === status);
      row.hidden = !ok;
      if (ok) count++;
    });
    shown.textContent = count + ' of ' + body.rows.length + ' rows shown';
    return count;
  }
  heads.forEach(function(head, index){
    head.addEventListener('click', function(){
      sortBy(index, head.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending');
    });
  });
  filterBox.addEventListener('input', applyFilter);
  statusBox.addEventListener('change', applyFilter);
  applyFilter();
  window.leidurReport = {sortBy: sortBy, applyFilter: applyFilter};

  // Open the page as report.html#selftest to check sorting and filtering in this browser.
  if (location.hash !== '#selftest') return;
  const out = document.getElementById('selftest');
  const failures = [];
  function check(ok, what){ if (!ok) failures.push(what); }
  const total = body.rows.length;
  check(total > 0 && total === parseInt(table.dataset.rows, 10), 'table renders every row');
  const countIndex = heads.findIndex(function(h){ return h.dataset.key === 'count'; });
  heads[countIndex].click(); heads[countIndex].click();
  const counts = Array.from(body.rows).map(function(r){ return parseFloat(cellValue(r, countIndex)); });
  check(heads[countIndex].getAttribute('aria-sort') === 'descending', 'two clicks sort descending');
  check(counts.every(function(c, i){ return i === 0 || counts[i-1] >= c; }), 'rows sorted by count, largest first');
  const locIndex = heads.findIndex(function(h){ return h.dataset.key === 'location'; });
  sortBy(locIndex, 'ascending');
  const locs = Array.from(body.rows).map(function(r){ return cellValue(r, locIndex); });
  check(locs.every(function(l, i){ return i === 0 || locs[i-1].localeCompare(l, 'et') <= 0; }), 'rows sorted by location');
  statusBox.value = 'overdue';
  const overdue = applyFilter();
  check(overdue === parseInt(table.dataset.overdue, 10), 'status filter shows the overdue rows');
  check(Array.from(body.rows).every(function(r){ return r.hidden || r.dataset.status === 'overdue'; }), 'only overdue rows visible');
  statusBox.value = '';
  const word = table.dataset.probe || '';
  filterBox.value = word;
  const matching = applyFilter();
  check(word === '' || (matching > 0 && Array.from(body.rows).every(function(r){
    return r.hidden || r.textContent.toLowerCase().indexOf(word.toLowerCase()) >= 0; })), 'text filter');
  filterBox.value = 'no-such-text-anywhere-0192';
  check(applyFilter() === 0, 'a filter matching nothing hides every row');
  filterBox.value = ''; applyFilter();
  out.dataset.result = failures.length ? 'fail' : 'pass';
  out.textContent = failures.length ? 'SELFTEST FAIL: ' + failures.join('; ')
    : 'SELFTEST PASS: ' + total + ' rows, ' + overdue + ' overdue, ' + matching + ' match "' + word + '"';
})();
"""
