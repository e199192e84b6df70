/**
 * Reviewing a past report on screen (issue #23), in the browser: an administrator's upload of
 * a file that is not a report and of an image-only PDF is refused with a Japanese message;
 * a real PDF report opens beside its page drawn by pdfjs, the one item the importer could not
 * place is chosen (the source turns to its page), made an item of the right target with its
 * ministry, and the draft is accepted as a new strategy; the next year's report is then accepted as a
 * past cycle of it after the proposed matches were shown, and its comparison page shows the item
 * that moved on. axe on every screen, Japanese and English.
 */
import { expect, it } from 'vitest';
import { closePdfBrowsers, renderPdf } from '../../src/reports/render/pdf.ts';
import { reviewReportPdf } from '../helpers/report-pdf.ts';
import { describeInBrowser, type BrowserSuiteOptions } from './helpers/browser.ts';
import { accessibilityCheck, open } from './helpers/pages.ts';

const PASSWORD = 'e2e-report-import-password-2026';
const expectAccessible = accessibilityCheck('report-import');
const UNPLACED = '利用者の声を集める会合を三回開いた。';

const SETUP: BrowserSuiteOptions = {
  password: PASSWORD,
  users: [['e2e-admin', '--role', 'admin', '--name', '事務局管理者']],
  viewport: { width: 1400, height: 1000 },
};

describeInBrowser('reviewing a past report in the browser', SETUP, (suite) => {
  it('refuses files that are not reports, then fixes and accepts a PDF report', async () => {
    const [report, nextYear, imageOnly] = await Promise.all([
      reviewReportPdf(),
      reviewReportPdf('令和6年7月'),
      renderPdf(
        '<!doctype html><html><body><div style="width:180mm;height:90mm;background:#345"></div></body></html>',
      ),
    ]);
    await closePdfBrowsers();
    const page = await suite.signIn('e2e-admin');
    await open(page, suite.url, '/admin/report-imports');
    await page.locator('#ri-file').waitFor();
    expect(await page.textContent('main h1')).toBe('過去の報告書の取り込み');
    await page.getByText('まだありません。').waitFor();
    await expectAccessible(page, 'empty');

    // A picture and a PDF with no text: one clear message each, nothing kept.
    const upload = async (name: string, buffer: Buffer, mimeType: string) => {
      await page.setInputFiles('#ri-file', { name, mimeType, buffer });
      await page.getByRole('button', { name: '読み込む' }).click();
    };
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
    await upload('photo.png', png, 'image/png');
    const alert = page.locator('[role="alert"].wf-error');
    await alert.getByText('報告書として読み取れませんでした。何も保存していません。').waitFor();
    await expectAccessible(page, 'refused');
    await upload('scan.pdf', imageOnly, 'application/pdf');
    await page
      .getByTestId('ri-upload-problems')
      .getByText(/scan\.pdf/)
      .waitFor();
    expect(await alert.textContent()).toBe('報告書として読み取れませんでした。何も保存していません。');
    expect(await page.getByTestId('ri-uploads').count()).toBe(0);

    // The report: its tree beside its first page, drawn.
    await page.locator('#ri-strategy-id').fill('ocean2023');
    await upload('ocean-2023.pdf', report, 'application/pdf');
    await page.waitForURL('**/admin/report-imports/*');
    const tree = page.getByTestId('ri-tree');
    await tree.getByText('沿岸観測ブイの整備').waitFor();
    expect(await page.textContent('main h1')).toBe('報告書の確認：ocean-2023.pdf');
    expect(await tree.textContent()).toContain('観測ブイを新たに12基設置した（国交省）');
    const canvas = page.getByTestId('pdf-page');
    await page.locator('[data-testid="pdf-page"][data-state="drawn"]').waitFor();
    expect(await page.getByTestId('ri-page').textContent()).toMatch(/^1 \/ \d ページ$/);
    await expectAccessible(page, 'review');

    // The item to check: its page is shown; it becomes an item of 漁業者とのデータ共有 (農水省).
    const toCheck = page.getByTestId('ri-to-check');
    await toCheck.getByRole('button', { name: UNPLACED }).click();
    expect(await page.getByTestId('ri-page').textContent()).toMatch(/^3 \/ \d ページ$/);
    await page.locator('[data-testid="pdf-page"][data-state="drawn"]').waitFor();
    expect(await canvas.getAttribute('aria-label')).toBe('PDF の 3 ページ目');
    const fix = page.getByTestId('ri-fix');
    await fix.locator('#ri-check-node').selectOption({ label: '1.2 漁業者とのデータ共有' });
    // No ministry chosen: a clear message, nothing saved.
    await fix.getByRole('button', { name: '取組として置く' }).click();
    await alert.getByText('担当府省を一つ以上選んでください。').waitFor();
    await fix.locator('#ri-check-owners').selectOption({ label: '農水省' });
    await expectAccessible(page, 'fixing');
    await fix.getByRole('button', { name: '取組として置く' }).click();
    await page.getByText('修正を保存しました。').waitFor();
    expect(await page.getByText('要確認の項目はありません。').count()).toBe(1);
    const placed = tree.locator('li', { hasText: '漁業者とのデータ共有' }).first();
    expect(await placed.textContent()).toContain('利用者の声を集める会合を三回開いた（農水省）');

    // Accepted as a new strategy: its structure has the fixed item.
    await page.getByRole('button', { name: '新しい戦略として受け入れる' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '新しい戦略として受け入れる' }).click();
    await page.getByTestId('ri-accepted').waitFor();
    expect(await page.getByTestId('ri-accepted').textContent()).toContain(
      '受け入れました（戦略 ocean2023）。',
    );
    await expectAccessible(page, 'accepted');
    const api = await suite.api('e2e-admin');
    const listed = await api.call<{ initiatives: { title: string; ownerIds: string[] }[] }>(
      'GET',
      '/api/initiatives?strategy=ocean2023',
    );
    const made = listed.initiatives.find((i) => i.title === '利用者の声を集める会合を三回開いた');
    expect(made?.ownerIds).toEqual(['maff']);

    await open(page, suite.url, `/en${new URL(page.url()).pathname}`);
    await page.getByTestId('ri-tree').waitFor();
    expect(await page.textContent('main h1')).toBe('Reviewing a report: ocean-2023.pdf');
    await expectAccessible(page, 'en');

    // The next year's report, its item to check placed, accepted as a past cycle of that
    // strategy once the proposed matches (score, stored → reported title) were shown.
    await open(page, suite.url, '/admin/report-imports');
    await page.locator('#ri-file').waitFor();
    await upload('ocean-2024.pdf', nextYear, 'application/pdf');
    await page.waitForURL('**/admin/report-imports/*');
    await tree.getByText('沿岸観測ブイの整備').waitFor();
    await toCheck.getByRole('button', { name: UNPLACED }).click();
    await fix.locator('#ri-check-node').selectOption({ label: '1.2 漁業者とのデータ共有' });
    await fix.locator('#ri-check-owners').selectOption({ label: '農水省' });
    await fix.getByRole('button', { name: '取組として置く' }).click();
    await page.getByText('修正を保存しました。').waitFor();
    const past = page.getByTestId('ri-past');
    await past.locator('#ri-past-strategy').selectOption({ label: '海洋データ戦略（ocean2023）' });
    await past.getByRole('button', { name: '照合結果を見る' }).click();
    const matches = past.getByTestId('ri-past-matches');
    await matches.waitFor();
    const row = matches.locator('tr', { hasText: '沿岸観測ブイの整備' }).first();
    expect(await row.textContent()).toBe('一致1.00沿岸観測ブイの整備沿岸観測ブイの整備');
    await expectAccessible(page, 'past-plan');
    await past.getByRole('button', { name: '過去の年度として受け入れる' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '過去の年度として受け入れる' }).click();
    await page.getByTestId('ri-accepted').waitFor();
    expect(await page.getByTestId('ri-accepted').textContent()).toContain(
      '受け入れました（戦略 ocean2023）。',
    );
    const strategies = await api.call<{
      strategies: { id: string; cycles: { id: string; fiscalYear: number }[] }[];
    }>('GET', '/api/strategies');
    const ocean = strategies.strategies.find((x) => x.id === 'ocean2023');
    expect(ocean?.cycles.map((c) => c.fiscalYear).sort()).toEqual([2023, 2024]);
    await expectAccessible(page, 'past-accepted');

    // One history: the later year's comparison page shows what moved on since the earlier one.
    const later = ocean?.cycles.find((c) => c.fiscalYear === 2024);
    await open(page, suite.url, `/strategies/ocean2023/cycles/${later?.id ?? ''}/compare`);
    await page.waitForSelector('#diff-texts');
    const compared = (await page.textContent('main')) ?? '';
    expect(compared).toContain('内容が更新された取組（1件）');
    expect(compared).toContain('20基');
    await expectAccessible(page, 'compare-years');
  }, 300_000);
});
