import { describe, expect, it } from 'vitest';
import { widgetSql } from '../../../src/local/pages/dashboard.js';
import { html, jsonScript } from '../../../src/local/pages/html.js';

describe('the pages of dataops local', () => {
  it('escapes what it interpolates, so a job named with markup shows as text', () => {
    const name = '<img src=x onerror=alert(1)> & "quotes"';
    expect(html`<td title="${name}">${name}</td>`.text).toBe('<td title="&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot;">&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot;</td>');
    expect(html`<ul>${['a', html`<li>b</li>`]}</ul>`.text).toBe('<ul>a<li>b</li></ul>');
    expect(jsonScript('data', { text: '</script><script>alert(1)</script>' }).text).not.toContain('</script><script>');
  });

  it("queries a widget's fields over its dataset, grouped by the fields that are not aggregates", () => {
    const dataset = 'SELECT order_date, revenue FROM daily_sales;\n';
    const fields = [
      { name: 'order_date', expression: '`order_date`' },
      { name: 'sum(revenue)', expression: 'SUM(`revenue`)' },
    ];
    expect(widgetSql(dataset, fields, false)).toBe(
      'SELECT `order_date` AS `order_date`, SUM(`revenue`) AS `sum(revenue)` FROM (SELECT order_date, revenue FROM daily_sales) AS dataset GROUP BY `order_date` ORDER BY `order_date`',
    );
    expect(widgetSql(dataset, fields.slice(0, 1), true)).toBe('SELECT `order_date` AS `order_date` FROM (SELECT order_date, revenue FROM daily_sales) AS dataset');
  });
});
