import { describe, expect, it } from 'vitest';
import { collectAll, cursorPages, linkPages, offsetPages } from './paging.ts';

const data = Array.from({ length: 23 }, (_, i) => i);

describe('paging', () => {
  it('cursor pages to the end with resume positions', async () => {
    const pages = [];
    for await (const p of cursorPages(async (c) => {
      const from = c ? Number(c) : 0;
      const items = data.slice(from, from + 10);
      return { items, cursor: from + 10 < data.length ? String(from + 10) : undefined };
    })) pages.push(p);
    expect(pages.map((p) => p.next)).toEqual(['10', '20', null]);
    expect(pages.flatMap((p) => p.items)).toEqual(data);
  });

  it('cursor paging resumes from a stored position and refuses a looping server', async () => {
    const items = await collectAll(cursorPages(async (c) => ({ items: data.slice(Number(c), Number(c) + 10), cursor: Number(c) + 10 < 23 ? String(Number(c) + 10) : null }), '20'));
    expect(items).toEqual([20, 21, 22]);
    await expect(collectAll(cursorPages(async () => ({ items: [1], cursor: 'same' })))).rejects.toThrow(/repeated/);
  });

  it('offset pages stop at a short page and follow a shrinking page size', async () => {
    const sizes = [10, 5, 5, 5];
    const asked: number[] = [];
    const items = await collectAll(
      offsetPages(
        async (offset, limit) => {
          asked.push(limit);
          return data.slice(offset, offset + limit);
        },
        { pageSize: () => sizes.shift() ?? 5 },
      ),
    );
    expect(items).toEqual(data);
    expect(asked).toEqual([10, 5, 5, 5]);
  });

  it('offset paging ends with an empty page when the total is a multiple of the size', async () => {
    const calls: number[] = [];
    const items = await collectAll(offsetPages(async (o, l) => (calls.push(o), data.slice(0, 20).slice(o, o + l)), { pageSize: 10 }));
    expect(items).toHaveLength(20);
    expect(calls).toEqual([0, 10, 20]);
  });

  it('link pages follow next links', async () => {
    const items = await collectAll(linkPages(async (l) => (l === null ? { items: [1, 2], nextLink: '/p2' } : { items: [3], nextLink: undefined })));
    expect(items).toEqual([1, 2, 3]);
  });
});
