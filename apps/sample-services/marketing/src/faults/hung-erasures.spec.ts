import { HungErasures } from './hung-erasures';

/** Whether `promise` has settled after the pending microtasks and one macrotask ran. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe(HungErasures.name, () => {
  it('lets every call through until told to hang', async () => {
    const hung = new HungErasures();
    await expect(settled(hung.wait(['alan@example.org']))).resolves.toBe(true);
  });

  it('holds the calls of a hung person, whatever the case of the address, and only theirs', async () => {
    const hung = new HungErasures();
    expect(hung.hang(['Alan@Example.org '])).toBe(1);
    await expect(settled(hung.wait(['ALAN@example.org']))).resolves.toBe(false);
    await expect(settled(hung.wait(['ada@example.org']))).resolves.toBe(true);
    await expect(settled(hung.wait([]))).resolves.toBe(true);
  });

  it('lets the held calls go on once the list is replaced', async () => {
    const hung = new HungErasures();
    hung.hang(['alan@example.org']);
    const held = hung.wait(['alan@example.org']);
    expect(hung.hang([])).toBe(0);
    await expect(settled(held)).resolves.toBe(true);
    await expect(settled(hung.wait(['alan@example.org']))).resolves.toBe(true);
  });
});
