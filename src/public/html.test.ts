import { describe, expect, it } from "vitest";
import { esc, html, join, raw } from "./html.js";
import { href, page } from "./layout.js";

describe("html", () => {
  it("escapes interpolations and keeps nested fragments", () => {
    const name = `<script>alert("x")</script> & 'y'`;
    const out = html`<p title="${name}">${name}${html`<b>${"<i>"}</b>`}${[html`<i>1</i>`, "<2>"]}${null}${false}</p>`;
    expect(out.value).toBe(
      `<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;<b>&lt;i&gt;</b><i>1</i>&lt;2&gt;</p>`,
    );
    expect(esc(null)).toBe("");
    expect(join([raw("<a>"), "<b>"], raw("<br>")).value).toBe("<a><br>&lt;b&gt;");
  });
});

describe("layout", () => {
  it("keeps the language in links and replaces parameters", () => {
    expect(href("ru", "/people?q=x&lang=en&page=2", { page: 3, status: "" })).toBe("/people?q=x&lang=ru&page=3");
  });

  it("renders a whole document with lang, switcher, nav, landmarks and no inline style or script", () => {
    const doc = page({ locale: "uk", title: "Тест", body: html`<h1>${"<Тест>"}</h1>`, path: "/people?q=a" });
    expect(doc).toMatch(/^<!doctype html>\n<html lang="uk">/);
    expect(doc).toContain('<a href="/people?q=a&amp;lang=en" lang="en" hreflang="en">English</a>');
    expect(doc).toContain('aria-current="page">Люди</a>');
    expect(doc).toContain("<h1>&lt;Тест&gt;</h1>");
    expect(doc).toMatch(/<link rel="stylesheet" href="\/assets\/site\.css\?v=[0-9a-f]{12}">/);
    for (const landmark of ["<header", "<nav", "<main", "<footer"]) expect(doc).toContain(landmark);
    expect(doc).not.toMatch(/<script|style=/i);
  });
});
