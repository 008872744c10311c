import { describe, expect, it } from 'vitest';
import { html, jsonDataBlock, raw } from './html.js';

describe('html template', () => {
  it('escapes every interpolated string, attribute quotes included', () => {
    const title = '<script>alert("x")</script>';
    const out = html`<td title="${title}">${title}</td>`.text;
    expect(out).toBe('<td title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</td>');
    expect(html`<a href='${"' onclick='x"}'>`.text).toBe("<a href='&#39; onclick=&#39;x'>");
  });

  it('nests templates and arrays without escaping them twice; drops null, undefined and false', () => {
    const items = ['a&b', 'c'].map((item) => html`<li>${item}</li>`);
    expect(html`<ul>${items}${null}${undefined}${false}</ul>`.text).toBe('<ul><li>a&amp;b</li><li>c</li></ul>');
    expect(html`${raw('<b>trusted</b>')}`.text).toBe('<b>trusted</b>');
    expect(html`${0}${12n}`.text).toBe('012');
  });

  it('keeps JSON data blocks from closing their script element', () => {
    const block = jsonDataBlock('data', { label: '</script><script>alert(1)</script>', line: '\u2028' }).text;
    expect(block).not.toContain('</script><script>');
    expect(block.match(/<\/script>/g)).toHaveLength(1);
    const json = block.slice(block.indexOf('>') + 1, block.lastIndexOf('</script>'));
    expect(JSON.parse(json)).toEqual({ label: '</script><script>alert(1)</script>', line: '\u2028' });
  });
});
