/* sitegen search. The index is a script (search-index.js) that assigns
   window.SITEGEN_SEARCH, so search works from file:// without a server.
   Content is only ever inserted as text nodes, never as HTML. */
(function () {
  'use strict';

  var KIND = { plan: '\u8ba1\u5212', task: '\u4efb\u52a1', dept: '\u90e8\u95e8' }; // 计划 任务 部门
  var ELLIPSIS = '\u2026';
  var PAGE_LIMIT = 200;
  var BOX_LIMIT = 8;

  var docs = null;
  var foldMap = null;

  // Folding maps one UTF-16 unit to one, so offsets in the folded text are
  // offsets in the original: snippets are cut and marked in the document's
  // own script. Traditional -> simplified (map generated at build time),
  // full-width ASCII -> ASCII, A-Z -> a-z, ideographic space -> space.
  var FOLD_RE = /[A-Z\u3000\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\uFF01-\uFF5E]/g;
  function foldChar(c) {
    var code = c.charCodeAt(0);
    if (code <= 90) return String.fromCharCode(code + 32);
    if (code === 0x3000) return ' ';
    if (code >= 0xFF01 && code <= 0xFF5E) {
      var a = code - 0xFEE0;
      return String.fromCharCode(a >= 65 && a <= 90 ? a + 32 : a);
    }
    return foldMap[c] || c;
  }
  function fold(s) {
    return s.replace(FOLD_RE, foldChar);
  }

  function prepare() {
    if (docs) return docs;
    var idx = window.SITEGEN_SEARCH;
    if (!idx) return null;
    foldMap = Object.create(null);
    var from = idx.fold[0], to = idx.fold[1];
    for (var i = 0; i < from.length && i < to.length; i++) foldMap[from[i]] = to[i];
    docs = [];
    function add(d) {
      d.ft = fold(d.title);
      d.fx = fold(d.text);
      d.fd = d.depts ? fold(d.depts) : '';
      d.order = docs.length;
      docs.push(d);
    }
    idx.plans.forEach(function (p) {
      add({ kind: 'plan', url: p[0], title: p[1], ctx: p[2], text: p[3] });
    });
    idx.tasks.forEach(function (t) {
      var plan = idx.plans[t[0]];
      var dir = plan[0].slice(0, plan[0].lastIndexOf('/') + 1);
      var names = t[5].map(function (d) { return idx.depts[d][1]; }).join('\u3001');
      add({ kind: 'task', url: dir + t[1], number: t[2], title: t[3], ctx: plan[1], text: t[4], depts: names });
    });
    idx.depts.forEach(function (d) {
      // 牵头 n 项 · 配合 n 项 · 责任 n 项
      var info = '\u7275\u5934 ' + d[3] + ' \u9879 \u00b7 \u914d\u5408 ' + d[4] + ' \u9879 \u00b7 \u8d23\u4efb ' + d[5] + ' \u9879';
      add({ kind: 'dept', url: d[0], title: d[1], ctx: d[2], text: d[2], info: info });
    });
    return docs;
  }

  function split(q) {
    return q.split(/\s+/).filter(Boolean);
  }

  // Title matches rank above body matches; a match in the document's own
  // script above one found only through folding; short titles that the query
  // covers mostly (a department's name) above long ones.
  function search(q) {
    var list = prepare();
    var raw = split(q);
    var terms = split(fold(q));
    if (!list || !terms.length || raw.length !== terms.length) return [];
    var hits = [];
    for (var i = 0; i < list.length; i++) {
      var d = list[i], score = 0, first = -1, ok = true;
      for (var j = 0; j < terms.length; j++) {
        var t = terms[j];
        var pt = d.ft.indexOf(t);
        if (pt >= 0) {
          score += 100 + 20 * t.length / d.ft.length;
          if (d.title.indexOf(raw[j]) >= 0) score += 10;
          if (pt === 0) score += 5;
          continue;
        }
        var px = d.fx.indexOf(t);
        if (px >= 0) {
          score += 10;
          if (d.text.indexOf(raw[j]) >= 0) score += 5;
          if (first < 0 || px < first) first = px;
          continue;
        }
        if (d.fd && d.fd.indexOf(t) >= 0) {
          score += 8;
          continue;
        }
        ok = false;
        break;
      }
      if (ok) hits.push({ doc: d, score: score, first: first < 0 ? Infinity : first });
    }
    hits.sort(function (a, b) {
      return b.score - a.score || a.first - b.first || a.doc.order - b.doc.order;
    });
    return { hits: hits, terms: terms };
  }

  // Appends `raw` to `parent` with every occurrence of a term (found in the
  // folded twin `folded`) wrapped in <mark>; text nodes only.
  function appendMarked(parent, raw, folded, terms) {
    var ranges = [];
    terms.forEach(function (t) {
      var p = folded.indexOf(t);
      while (p >= 0) {
        ranges.push([p, p + t.length]);
        p = folded.indexOf(t, p + t.length);
      }
    });
    ranges.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var at = 0;
    ranges.forEach(function (r) {
      if (r[1] <= at) return;
      var s = Math.max(r[0], at);
      if (s > at) parent.appendChild(document.createTextNode(raw.slice(at, s)));
      var m = document.createElement('mark');
      m.textContent = raw.slice(s, r[1]);
      parent.appendChild(m);
      at = r[1];
    });
    if (at < raw.length) parent.appendChild(document.createTextNode(raw.slice(at)));
  }

  function isLow(s, i) {
    var c = s.charCodeAt(i);
    return c >= 0xDC00 && c <= 0xDFFF;
  }

  // A window of the text around `pos`, as [raw, folded, cut-at-start, cut-at-end].
  function window_(raw, folded, pos) {
    var start = Math.max(0, pos - 30);
    var end = Math.min(raw.length, Math.max(pos, 0) + 90);
    if (start > 0 && isLow(raw, start)) start--;
    if (end < raw.length && isLow(raw, end)) end++;
    return [raw.slice(start, end), folded.slice(start, end), start > 0, end < raw.length];
  }

  function snippet(hit, terms) {
    var d = hit.doc;
    var p = document.createElement('p');
    p.className = 'hit-snippet';
    var raw, folded;
    if (d.kind === 'dept') {
      p.appendChild(document.createTextNode(d.info));
      return p;
    }
    if (hit.first !== Infinity) {
      var w = window_(d.text, d.fx, hit.first);
      if (w[2]) p.appendChild(document.createTextNode(ELLIPSIS));
      appendMarked(p, w[0], w[1], terms);
      if (w[3]) p.appendChild(document.createTextNode(ELLIPSIS));
      return p;
    }
    if (d.fd && terms.some(function (t) { return d.fd.indexOf(t) >= 0; })) {
      p.appendChild(document.createTextNode('\u8d23\u4efb\u5355\u4f4d\uff1a')); // 责任单位：
      appendMarked(p, d.depts, d.fd, terms);
      return p;
    }
    if (!d.text) return null;
    raw = d.text;
    folded = d.fx;
    var w2 = window_(raw, folded, 0);
    appendMarked(p, w2[0], w2[1], terms);
    if (w2[3]) p.appendChild(document.createTextNode(ELLIPSIS));
    return p;
  }

  function render(q, status, list, limit, root, more) {
    while (list.firstChild) list.removeChild(list.firstChild);
    q = q.trim();
    list.setAttribute('data-query', q); // which query the list answers
    if (!q) {
      status.textContent = '\u8bf7\u8f93\u5165\u5173\u952e\u8bcd\u3002'; // 请输入关键词。
      return 0;
    }
    var r = search(q);
    var hits = r.hits || [];
    if (!hits.length) {
      // 没有找到与“q”相关的结果。
      status.textContent = '\u6ca1\u6709\u627e\u5230\u4e0e\u201c' + q + '\u201d\u76f8\u5173\u7684\u7ed3\u679c\u3002';
      return 0;
    }
    // 找到 n 条结果（显示前 m 条）
    var text = '\u627e\u5230 ' + hits.length + ' \u6761\u7ed3\u679c';
    if (hits.length > limit) text += '\uff0c\u663e\u793a\u524d ' + limit + ' \u6761';
    status.textContent = text + '\u3002';
    hits.slice(0, limit).forEach(function (hit) {
      var d = hit.doc;
      var li = document.createElement('li');
      li.className = 'search-hit hit-' + d.kind;
      var kind = document.createElement('span');
      kind.className = 'hit-kind';
      kind.textContent = KIND[d.kind];
      li.appendChild(kind);
      li.appendChild(document.createTextNode(' '));
      var a = document.createElement('a');
      a.href = root + d.url;
      if (d.number) {
        var n = document.createElement('span');
        n.className = 'num';
        n.textContent = d.number;
        a.appendChild(n);
        a.appendChild(document.createTextNode(' '));
      }
      appendMarked(a, d.title, d.ft, r.terms);
      li.appendChild(a);
      if (d.ctx) {
        var ctx = document.createElement('span');
        ctx.className = 'meta hit-context';
        ctx.textContent = d.ctx;
        li.appendChild(document.createTextNode(' '));
        li.appendChild(ctx);
      }
      var s = snippet(hit, r.terms);
      if (s) li.appendChild(s);
      list.appendChild(li);
    });
    if (more && hits.length > limit) {
      var li2 = document.createElement('li');
      li2.className = 'search-more';
      var all = document.createElement('a');
      all.href = root + 'search.html?q=' + encodeURIComponent(q);
      all.textContent = '\u67e5\u770b\u5168\u90e8 ' + hits.length + ' \u6761\u7ed3\u679c'; // 查看全部 n 条结果
      li2.appendChild(all);
      list.appendChild(li2);
    }
    return hits.length;
  }

  function debounce(fn, ms) {
    var t = null;
    return function () {
      clearTimeout(t);
      t = setTimeout(fn, ms);
    };
  }

  function initPage(form, input) {
    var app = document.getElementById('search-app');
    if (!app) return false;
    if (!window.SITEGEN_SEARCH) return true; // the index did not load: keep the no-JS text
    var nojs = document.getElementById('search-nojs');
    if (nojs) nojs.hidden = true;
    app.hidden = false;
    var status = document.getElementById('search-status');
    var list = document.getElementById('search-results');
    var q = new URLSearchParams(window.location.search).get('q') || '';
    input.value = q;
    input.setAttribute('aria-describedby', 'search-status');
    input.setAttribute('aria-controls', 'search-results');
    function run() {
      var v = input.value;
      render(v, status, list, PAGE_LIMIT, '', false);
      try {
        var url = window.location.pathname + (v.trim() ? '?q=' + encodeURIComponent(v.trim()) : '');
        window.history.replaceState(null, '', url);
      } catch (e) {
        /* some browsers refuse history changes on file:// pages */
      }
    }
    input.addEventListener('input', debounce(run, 60));
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      run();
    });
    run();
    if (!q) input.focus();
    return true;
  }

  function initBox(form, input) {
    // The live result box is made here, not in every page's HTML.
    var pop = document.createElement('div');
    pop.id = 'site-search-pop';
    pop.className = 'search-pop';
    pop.hidden = true;
    var status = document.createElement('p');
    status.id = 'site-search-status';
    status.className = 'search-status';
    status.setAttribute('role', 'status');
    status.setAttribute('aria-live', 'polite');
    var list = document.createElement('ol');
    list.className = 'search-results';
    pop.appendChild(status);
    pop.appendChild(list);
    form.appendChild(pop);
    input.setAttribute('aria-controls', pop.id);
    input.setAttribute('aria-describedby', status.id);
    var action = form.getAttribute('action') || '';
    var root = action.slice(0, action.lastIndexOf('/') + 1);
    var state = 'idle';
    function load(then) {
      if (window.SITEGEN_SEARCH) return then();
      if (state !== 'idle') return;
      state = 'loading';
      var s = document.createElement('script');
      s.src = form.getAttribute('data-index');
      s.onload = function () {
        state = 'idle';
        then();
      };
      s.onerror = function () {
        state = 'failed';
      };
      document.head.appendChild(s);
    }
    function update() {
      if (!input.value.trim()) {
        pop.hidden = true;
        return;
      }
      load(function () {
        pop.hidden = false;
        render(input.value, status, list, BOX_LIMIT, root, true);
      });
    }
    input.addEventListener('focus', function () { load(function () {}); });
    input.addEventListener('input', debounce(update, 80));
    input.addEventListener('keydown', function (e) {
      if (e.key === 'Escape') pop.hidden = true;
    });
    document.addEventListener('click', function (e) {
      if (!form.contains(e.target)) pop.hidden = true;
    });
  }

  function init() {
    var form = document.querySelector('form.site-search');
    if (!form) return;
    var input = form.querySelector('input[name="q"]');
    if (!input) return;
    if (!initPage(form, input)) initBox(form, input);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
