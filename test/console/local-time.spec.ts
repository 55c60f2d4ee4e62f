import { tickLabels } from '../../apps/console/src/local-time';

/** Ticks made on the browser's clock (local dates), so the labels are the same in every zone. */
const local = (...parts: [number, number, number, number?, number?]) =>
  new Date(parts[0], parts[1] - 1, parts[2], parts[3] ?? 0, parts[4] ?? 0);

describe("the timeline's tick labels", () => {
  it('write the year on the first tick and where it changes, over a history of years', () => {
    const ticks = [local(2023, 3, 1), local(2023, 10, 6), local(2024, 5, 12), local(2024, 12, 17), local(2025, 7, 24)];
    expect(tickLabels(ticks)).toEqual(['2023-03-01', '10-06', '2024-05-12', '12-17', '2025-07-24']);
  });

  it('write the day alone within a year, once the first tick has given it', () => {
    const ticks = [local(2025, 1, 1), local(2025, 2, 1), local(2025, 3, 1), local(2025, 4, 1)];
    expect(tickLabels(ticks)).toEqual(['2025-01-01', '02-01', '03-01', '04-01']);
  });

  it('write the time of day over a day or two, the date where it changes', () => {
    const ticks = [local(2025, 1, 1, 18), local(2025, 1, 1, 21, 30), local(2025, 1, 2, 1), local(2025, 1, 2, 4, 30)];
    expect(tickLabels(ticks)).toEqual(['2025-01-01 18:00', '21:30', '2025-01-02 01:00', '04:30']);
  });
});
