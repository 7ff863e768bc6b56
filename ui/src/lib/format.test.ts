import { afterEach, describe, expect, it } from "vitest";
import { count, dateTime, day, decimal, money, noun, percent, plural, useLocale, withArticle } from "./format";
import { currency } from "./currency.svelte";

afterEach(() => {
  useLocale(undefined);
  currency.code = "USD";
});

describe("format", () => {
  it("follows one locale for numbers, amounts and dates", () => {
    useLocale("en-US");
    expect(count(12345)).toBe("12,345");
    expect(money(48000)).toBe("$48,000");
    expect(money(1250.5)).toBe("$1,250.50");
    expect(day("2026-12-05")).toBe("Dec 5, 2026");
    expect(dateTime("2026-12-04T13:49:54Z")).toMatch(/^Dec 4, 2026, \d{1,2}:49\s?[AP]M$/);
    useLocale("de-DE");
    expect(count(12345)).toBe("12.345");
    expect(day("2026-12-05")).toBe("05.12.2026");
  });

  it("shows deal values in the workspace's currency", () => {
    useLocale("en-US");
    currency.code = "EUR";
    expect(money(48000)).toBe("€48,000");
    expect(money(100, "GBP")).toBe("£100");
  });

  it("shows a missing value as a dash, never 0.0 or NaN", () => {
    for (const f of [decimal, percent, money]) {
      expect(f(null)).toBe("—");
      expect(f(undefined)).toBe("—");
    }
    expect(decimal(Number.NaN)).toBe("—");
    expect(day(null)).toBe("—");
    useLocale("en-US");
    expect(decimal(4)).toBe("4");
    expect(decimal(2.25)).toBe("2.3");
    expect(percent(0.256)).toBe("26%");
  });

  it("chooses singular for exactly one", () => {
    useLocale("en-US");
    expect(plural(1, "person", "people")).toBe("1 person");
    expect(plural(0, "person", "people")).toBe("0 people");
    expect(plural(2, "record")).toBe("2 records");
    expect(plural(1200, "record")).toBe("1,200 records");
    expect(noun(1, "day")).toBe("day");
    expect(noun(1.5, "day")).toBe("days");
    expect(withArticle("Outlook export")).toBe("an Outlook export");
    expect(withArticle("LinkedIn export")).toBe("a LinkedIn export");
  });
});
