/*
 * Search worker for Material's search box (it speaks Material's worker protocol: SETUP 0,
 * READY 1, QUERY 2, RESULT 3). It reads the index that generator/sitesearch.py writes, a few
 * small files per query: the shards of the query's terms, the URL chunks of the best
 * candidates, and those candidates' `_search.json` (title, kind, sentences) to check the match
 * and show the sentence that matched. A shard also lists the URLs of the pages with the
 * shortest titles that hold each of its terms, so for the pages named by the query the page
 * files are fetched straight after the shards (two round trips to the first results); the
 * others need their URL chunk first. Folding and terms are those of sitesearch.py. The files
 * are kept in caches capped by bytes; a message of type STATS (90, not one of Material's) is
 * answered, once the current query is over, with what each cache holds (for tests and the bench).
 */
"use strict"

const BASE = new URL("../../", self.location.href)
const VERIFY = 20          /* results shown, at most */
const ROUNDS = [5, 20, 45] /* candidates checked per round; results are shown after each round */
const CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
const TOKEN = new RegExp(`[${CJK}]+|[a-z0-9]+`, "g")
const SPLIT = /[\s\u3000,，、。.;；:：!！?？"“”'‘’()（）[\]【】《》<>·•|/\\_\-—–~～*+^&]+/

let setup = null
let latest = 0

/* LRU caches bounded by the bytes of the files they hold (the length of their JSON text): the
   tab's memory stays bounded whatever the size of the collection (files grow with it; the caps
   do not). A file larger than its cap is kept alone until the next one comes. The caps can be set
   by the worker's URL (`briefing-search.js?caps=<shards>,<chunks>,<pages>`, in bytes: the tests
   use small ones); `cacheStats()` (also answered to a message of type STATS) says what each holds. */
const CAPS = (() => {
  const given = (new URL(self.location.href).searchParams.get("caps") || "").split(",").map(Number)
  return [1e6, 5e5, 1e6].map((cap, i) => given[i] > 0 ? given[i] : cap)
})()
const STATS = 90 /* not one of Material's types: a test or the benchmark asks, the worker answers STATS + 1 */

function lru(limit) {
  const map = new Map()
  const stats = { cap: limit, bytes: 0, files: 0, peak: 0, loaded: 0, evicted: 0 }
  const get = (key, load) => {
    const hit = map.get(key)
    if (hit) {
      map.delete(key)
      map.set(key, hit)
      return hit.value
    }
    const entry = { size: 0 }
    entry.value = load().then(([value, size]) => {
      if (map.get(key) === entry) {
        entry.size = size
        stats.bytes += size
        stats.loaded++
        /* least recently used first; not the file just loaded, nor files still loading (0 bytes) */
        for (const [old, e] of map) {
          if (stats.bytes <= limit) break
          if (old === key || e.size === 0) continue
          map.delete(old)
          stats.bytes -= e.size
          stats.evicted++
        }
        stats.peak = Math.max(stats.peak, stats.bytes)
      }
      return value
    })
    map.set(key, entry)
    return entry.value
  }
  get.stats = () => ({ ...stats, files: map.size })
  return get
}
const shards = lru(CAPS[0])
const chunks = lru(CAPS[1])
const pages = lru(CAPS[2])

function cacheStats() {
  return { shards: shards.stats(), chunks: chunks.stats(), pages: pages.stats() }
}

function fetchText(path) {
  return fetch(new URL(path, BASE))
    .then(response => response.ok ? response.text() : "null")
    .then(text => [JSON.parse(text), text.length])
    .catch(() => [null, 0])
}

function fetchJSON(path) {
  return fetchText(path).then(([value]) => value)
}

function init() {
  if (!setup)
    setup = Promise.all([fetchJSON("search/meta.json"), fetchJSON("search/fold.json")])
      .then(([meta, table]) => {
        const map = new Map()
        if (table)
          for (let i = 0; i < table.from.length; i++)
            map.set(table.from.charCodeAt(i), table.to.charCodeAt(i))
        return { meta, map }
      })
  return setup
}

/* Traditional -> Simplified, full-width ASCII -> ASCII, A-Z -> a-z; the same length. */
function fold(text, map) {
  let out = ""
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i)
    const m = map.get(c)
    if (m !== undefined) c = m
    else if (c >= 0xff01 && c <= 0xff5e) c -= 0xfee0
    if (c >= 65 && c <= 90) c += 32
    out += String.fromCharCode(c)
  }
  return out
}

function terms(folded) {
  const out = new Set()
  for (const [run] of folded.matchAll(TOKEN)) {
    if (run.charCodeAt(0) < 128 || run.length === 1) out.add(run)
    else for (let i = 0; i + 1 < run.length; i++) out.add(run.slice(i, i + 2))
  }
  return [...out]
}

function shardOf(term, count) {
  let h = 0
  for (let i = 0; i < term.length; i++) h = (h * 31 + term.charCodeAt(i)) >>> 0
  return (Math.imul(h, 0x9e3779b1) >>> 0) % count
}

/* id -> value of one term's postings */
function postings(shard, term) {
  const list = shard && shard.t && shard.t[term]
  const out = new Map()
  if (!list) return out
  let id = 0
  for (let i = 0; i < list.length; i += 2) {
    id += list[i]
    out.set(id, list[i + 1])
  }
  return out
}

function escapeHTML(text) {
  return text.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`)
}

/* Positions of every part in folded text, merged. */
function ranges(folded, parts) {
  const found = []
  for (const part of parts) {
    let at = folded.indexOf(part)
    while (at >= 0) {
      found.push([at, at + part.length])
      at = folded.indexOf(part, at + part.length)
    }
  }
  found.sort((a, b) => a[0] - b[0])
  const merged = []
  for (const r of found)
    if (merged.length && r[0] <= merged[merged.length - 1][1])
      merged[merged.length - 1][1] = Math.max(merged[merged.length - 1][1], r[1])
    else merged.push(r)
  return merged
}

function highlight(text, marks, from = 0, to = text.length) {
  let html = ""
  let at = from
  for (const [start, end] of marks) {
    if (end <= from || start >= to) continue
    const s = Math.max(start, from)
    const e = Math.min(end, to)
    html += escapeHTML(text.slice(at, s)) + "<mark data-md-highlight>" + escapeHTML(text.slice(s, e)) + "</mark>"
    at = e
  }
  return html + escapeHTML(text.slice(at, to))
}

/* The sentence that holds the most of the query, cut around its first match. */
function snippet(lines, foldedLines, parts) {
  let best = -1
  let bestScore = 0
  for (let i = 0; i < lines.length; i++) {
    let score = 0
    for (const part of parts) if (foldedLines[i].includes(part)) score += 100 * part.length
    if (score > 0) score += Math.min(lines[i].length, 60)  /* a sentence rather than a label */
    if (score > bestScore) {
      best = i
      bestScore = score
    }
  }
  if (best < 0) return { html: "", original: [] }
  const line = lines[best]
  const marks = ranges(foldedLines[best], parts)
  const first = marks.length ? marks[0][0] : 0
  const from = line.length <= 120 ? 0 : Math.max(0, Math.min(first - 30, line.length - 120))
  const to = Math.min(line.length, from + 120)
  const html = (from > 0 ? "…" : "") + highlight(line, marks, from, to) + (to < line.length ? "…" : "")
  return { html, original: marks.map(([s, e]) => line.slice(s, e)) }
}

const KIND_ORDER = ["嘉宾", "技术", "机构", "行业", "系列", "活动"]
function kindRank(kind) {
  const rank = KIND_ORDER.indexOf(kind)
  return rank < 0 ? KIND_ORDER.length : rank
}

async function search(query, seq, send) {
  const { meta, map } = await init()
  if (!meta) return send([])
  const folded = fold(query.normalize("NFC"), map)
  const parts = folded.split(SPLIT).filter(p => p.length > 0)
  const wanted = terms(folded)
  if (!wanted.length || !parts.length) return send([])
  const joined = parts.join("")

  /* 1. postings of every term (AND), rarest first */
  const known = new Map() /* id -> URL, for the pages with the shortest titles that hold a term */
  const loaded = await Promise.all(wanted.map(term => {
    const n = shardOf(term, meta.shards)
    return shards(n, () => fetchText(`search/t/${n}.json`)).then(shard => {
      const top = shard && shard.u && shard.u[term]
      if (top) for (let i = 0; i + 1 < top.length; i += 2) known.set(top[i], top[i + 1])
      return postings(shard, term)
    })
  }))
  if (seq !== latest) return
  loaded.sort((a, b) => a.size - b.size)
  const candidates = []
  for (const [id, value] of loaded[0]) {
    let inTitle = value % 64 > 0
    let count = Math.floor(value / 64)
    let titleLength = value % 64
    let all = true
    for (let k = 1; k < loaded.length && all; k++) {
      const other = loaded[k].get(id)
      if (other === undefined) all = false
      else {
        inTitle = inTitle && other % 64 > 0
        count = Math.min(count, Math.floor(other / 64))
      }
    }
    if (all) candidates.push({ id, inTitle, count, titleLength })
  }
  candidates.sort((a, b) =>
    (b.inTitle - a.inTitle) ||
    (a.inTitle ? a.titleLength - b.titleLength : 0) ||
    (b.count - a.count) || (a.id - b.id))

  /* 2. check the best candidates against their text, in rounds; show what is found after each
     round, and within a round first what the candidates with a known URL gave (one round trip
     fewer: no URL chunk to fetch) */
  const results = []
  let start = 0
  for (const size of ROUNDS) {
    if (start >= candidates.length || results.length >= VERIFY) break
    const round = candidates.slice(start, start + size)
    start += size
    const jobs = round.map(candidate => [known.has(candidate.id), check(candidate, meta, map, parts, joined, known)])
    for (const fast of [true, false]) {
      const group = jobs.filter(job => job[0] === fast)
      if (!group.length) continue
      const checked = await Promise.all(group.map(job => job[1]))
      if (seq !== latest) return
      const before = results.length
      for (const hit of checked) if (hit) results.push(hit)
      if (results.length > before) send(present(results, parts))
    }
  }
  if (!results.length) send([])
}

async function check(candidate, meta, map, parts, joined, known) {
  let url = known.get(candidate.id)
  if (url === undefined) {
    const k = candidate.id % meta.chunks
    const chunk = await chunks(k, () => fetchText(`search/d/${k}.json`))
    url = chunk ? chunk[candidate.id] : undefined
  }
  if (typeof url !== "string") return null
  const page = await pages(url, () => fetchText(`${url}_search.json`))
  if (!page) return null
  const title = fold(page.t, map)
  const lines = page.l
  const foldedLines = lines.map(line => fold(line, map))
  const inTitle = parts.every(part => title.includes(part))
  const inBody = parts.every(part => title.includes(part) || foldedLines.some(line => line.includes(part)))
  if (!inTitle && !inBody) return null
  let occurrences = 0
  for (const line of foldedLines)
    for (const part of parts) {
      let at = line.indexOf(part)
      while (at >= 0) {
        occurrences++
        at = line.indexOf(part, at + part.length)
      }
    }
  const tier = title.replace(/\s+/g, "") === joined ? 0 : inTitle ? 1 : 2
  return { url, page, title, lines, foldedLines, tier, occurrences, id: candidate.id }
}

/* Material's result items, best first: the title as the query (folded), titles that hold it
   (shortest first), then the pages that mention it (most mentions first); entities before events. */
function present(results, parts) {
  results.sort((a, b) =>
    (a.tier - b.tier) ||
    (a.tier === 1 ? a.title.length - b.title.length : 0) ||
    (kindRank(a.page.k) - kindRank(b.page.k)) ||
    (b.occurrences - a.occurrences) || (a.url < b.url ? -1 : a.url > b.url ? 1 : 0))
  return results.slice(0, VERIFY).map((hit, rank) => {
    const cut = snippet(hit.lines, hit.foldedLines, parts)
    const titleMarks = ranges(hit.title, parts)
    const written = [...new Set([...titleMarks.map(([s, e]) => hit.page.t.slice(s, e)), ...cut.original])]
    const document = {
      location: hit.url,
      title: highlight(hit.page.t, titleMarks),
      text: cut.html,
      score: VERIFY - rank,
      terms: Object.fromEntries((written.length ? written : parts).map(term => [term, true])),
      tags: [hit.page.k]
    }
    return [document]
  })
}

let running = Promise.resolve() /* the latest query's search, so STATS can answer after it */
addEventListener("message", async ev => {
  const message = ev.data
  if (message.type === 0) {
    await init()
    postMessage({ type: 1 })
  } else if (message.type === STATS) {
    await running.catch(() => {})
    postMessage({ type: STATS + 1, data: cacheStats() })
  } else if (message.type === 2) {
    const seq = ++latest
    const query = String(message.data || "").trim()
    const send = items => {
      if (seq === latest) postMessage({ type: 3, data: { items } })
    }
    running = query ? search(query, seq, send) : Promise.resolve(send([]))
    await running
  }
})
