/**
 * A person as others see them: their name and their ministries, never their internal id.
 * @example personLabel({ name: '総務 太郎', organisations: ['総務省'] }, 'ja') // '総務 太郎（総務省）'
 * @example personLabel({ name: 'Taro Somu', organisations: ['MIC'] }, 'en') // 'Taro Somu (MIC)'
 */
export function personLabel(
  p: { name: string; organisations: readonly string[] },
  lang: 'ja' | 'en',
): string {
  if (p.organisations.length === 0) return p.name;
  return lang === 'ja'
    ? `${p.name}（${p.organisations.join('、')}）`
    : `${p.name} (${p.organisations.join(', ')})`;
}
