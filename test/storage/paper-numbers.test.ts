/**
 * Paper reference numbers are allocated per office and year without gaps or duplicates, also under
 * concurrent requests, and a rolled-back creation gives its number back.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import type { Database } from '../../src/db/open.ts';
import { organizations } from '../../src/db/schema.ts';
import type { ServiceContext } from '../../src/services/context.ts';
import { inTransaction } from '../../src/services/context.ts';
import { importDataset } from '../../src/services/dataset/import.ts';
import { createOrganization } from '../../src/services/masterdata.ts';
import { createPaper } from '../../src/services/papers.ts';
import { backends } from '../helpers/db.ts';
import { smallTown } from '../helpers/fixtures.ts';

for (const backend of backends()) {
  describe(`paper reference numbers (${backend.name})`, () => {
    let database: Database;
    let ctx: ServiceContext;
    let bodyId: number;
    let newOffice: () => Promise<number>;
    let officeNumber = 30;

    before(async () => {
      database = await backend.open();
      ctx = { db: database.db, actor: 'test' };
      ({ bodyId } = await importDataset(ctx, smallTown()));
      newOffice = async () => {
        officeNumber += 1;
        const office = await createOrganization(ctx, {
          bodyId,
          kind: 'office',
          name: `Amt ${officeNumber}`,
          officeNumber: String(officeNumber),
        });
        return office.id;
      };
    });
    after(() => database?.close());

    const paper = (officeId: number, year: number, title = 'Vorlage') =>
      createPaper(ctx, { bodyId, officeId, year, paperType: 'Beschlussvorlage', title });

    test('numbers count up per office and per year, formatted office/number/year', async () => {
      const a = await newOffice();
      const b = await newOffice();
      const refs = [
        (await paper(a, 2024)).reference,
        (await paper(a, 2024)).reference,
        (await paper(b, 2024)).reference,
        (await paper(a, 2025)).reference,
        (await paper(a, 2024)).reference,
      ];
      const [oa] = await database.db.select().from(organizations).where(eq(organizations.id, a));
      const [ob] = await database.db.select().from(organizations).where(eq(organizations.id, b));
      const na = oa?.officeNumber;
      const nb = ob?.officeNumber;
      assert.deepEqual(refs, [
        `${na}/001/2024`,
        `${na}/002/2024`,
        `${nb}/001/2024`,
        `${na}/001/2025`,
        `${na}/003/2024`,
      ]);
    });

    test('an imported number moves the counter past it', async () => {
      const office = await newOffice();
      const [o] = await database.db.select().from(organizations).where(eq(organizations.id, office));
      const imported = await createPaper(ctx, {
        bodyId,
        officeId: office,
        year: 2021,
        reference: `${o?.officeNumber}/007/2021`,
        paperType: 'Mitteilungsvorlage',
        title: 'Importiert',
      });
      assert.equal(imported.referenceNumber, 7);
      assert.equal((await paper(office, 2021)).referenceNumber, 8);
    });

    test('a rolled-back creation leaves no gap', async () => {
      const office = await newOffice();
      assert.equal((await paper(office, 2024)).referenceNumber, 1);
      await assert.rejects(
        inTransaction(ctx, async (tx) => {
          const p = await createPaper(tx, {
            bodyId,
            officeId: office,
            year: 2024,
            paperType: 'Vorlage',
            title: 'Verworfen',
          });
          assert.equal(p.referenceNumber, 2);
          throw new Error('abort');
        }),
        /abort/,
      );
      assert.equal((await paper(office, 2024)).referenceNumber, 2);
    });

    test('concurrent requests get distinct numbers without gaps', async () => {
      const office = await newOffice();
      const created = await Promise.all(Array.from({ length: 25 }, (_, i) => paper(office, 2024, `Parallel ${i}`)));
      const numbers = created.map((p) => p.referenceNumber).sort((x, y) => x - y);
      assert.deepEqual(
        numbers,
        Array.from({ length: 25 }, (_, i) => i + 1),
      );
      assert.equal(new Set(created.map((p) => p.reference)).size, 25);
    });
  });
}
