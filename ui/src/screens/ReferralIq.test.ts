import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, within } from "@testing-library/svelte";
import { mockIPC } from "@tauri-apps/api/mocks";
import ReferralIq from "./ReferralIq.svelte";
import type { IqOverview, IqResult, Question, TeamView } from "../lib/bindings";

const questions: Question[] = Array.from({ length: 14 }, (_, i) => ({
  number: i + 1,
  topic: `topic ${i + 1}`,
  text: `Question ${i + 1}?`,
  advice: `Advice ${i + 1}.`,
}));

const rep = { rep_id: "r1", person_id: "p1", name: "Ada Lovelace", active: true, asks_per_week: 3, current: true };

function overview(current: IqResult | null): IqOverview {
  return {
    quarter: "2026-Q2",
    questions,
    rep,
    no_rep: null,
    current,
    history: current ? [{ quarter: "2026-Q1", score: 9, band: "occasional_asker", change: null }, { quarter: "2026-Q2", score: 12, band: "practitioner", change: 3 }] : [],
  };
}

const team: TeamView = {
  quarter: "2026-Q2",
  assessments: [],
  averages: [{ quarter: "2026-Q2", assessments: 0, average: null }],
  weakest: [],
  missing: [{ rep_id: "r2", name: "Grace Hopper" }],
};

function result(answers: boolean[]): IqResult {
  const score = answers.filter((a) => a).length;
  return {
    assessment: {
      id: "a1",
      rep_id: "r1",
      rep_name: "Ada Lovelace",
      quarter: "2026-Q2",
      answers: answers.map((a) => (a ? "y" : "n")).join(""),
      score,
      band: "practitioner",
      taken_at: "2026-05-01T10:00:00Z",
      updated_at: "2026-05-01T10:00:00Z",
    },
    answers,
    band_label: "Practitioner (10-12): a working referral habit",
    advice: questions.filter((_, i) => !answers[i]),
  };
}

describe("Referral I.Q.", () => {
  it("takes the assessment, then shows the score, the advice for each no and the history", async () => {
    let taken: IqResult | null = null;
    const calls: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === "iq_overview") return overview(taken);
      if (cmd === "iq_team") return team;
      if (cmd === "iq_take") {
        calls.push(args);
        taken = result((args as { answers: boolean[] }).answers);
        return taken;
      }
      throw new Error(`unexpected command ${cmd}`);
    });
    render(ReferralIq);

    const submit = (await screen.findByTestId("iq-submit")) as HTMLButtonElement;
    expect(submit.disabled).toBe(true);
    for (let n = 1; n <= 14; n++) {
      const q = screen.getByTestId(`iq-question-${n}`);
      await fireEvent.click(within(q).getByLabelText(n === 3 || n === 7 ? "No" : "Yes"));
    }
    expect(screen.getByTestId("iq-answered").textContent).toBe("14 of 14 answered");
    expect(submit.disabled).toBe(false);
    await fireEvent.click(submit);

    expect(await screen.findByTestId("iq-score")).toHaveProperty("textContent", "12 / 14");
    expect(calls).toHaveLength(1);
    expect((calls[0] as { answers: boolean[] }).answers.filter((a) => !a)).toHaveLength(2);
    const advice = screen.getByTestId("iq-advice");
    expect(within(advice).getByText("Advice 3.")).toBeTruthy();
    expect(within(advice).getByText("Advice 7.")).toBeTruthy();
    expect(screen.getByTestId("iq-band").textContent).toContain("Practitioner");
    expect(screen.getByTestId("iq-history").querySelector("svg")?.getAttribute("aria-label")).toContain("2026-Q1: 9, 2026-Q2: 12");
    expect(within(screen.getByTestId("iq-missing")).getByText("Grace Hopper")).toBeTruthy();
  });

  it("without a rep, teaches the first step instead of showing the questions", async () => {
    mockIPC((cmd) => {
      if (cmd === "iq_overview") return { ...overview(null), rep: null, no_rep: "current rep not found: there are no reps yet" };
      if (cmd === "iq_team") return team;
      throw new Error(`unexpected command ${cmd}`);
    });
    render(ReferralIq);
    const empty = await screen.findByTestId("iq-no-rep");
    expect(within(empty).getByRole("button", { name: "Open Settings" })).toBeTruthy();
    expect(screen.queryByTestId("iq-questionnaire")).toBeNull();
  });

  it("shows a refused answer sheet where it happened", async () => {
    mockIPC((cmd) => {
      if (cmd === "iq_overview") return overview(null);
      if (cmd === "iq_team") return team;
      if (cmd === "iq_take") throw { code: "Conflict", message: "rep Ada Lovelace is inactive and does not take the Referral I.Q." };
      throw new Error(`unexpected command ${cmd}`);
    });
    render(ReferralIq);
    await screen.findByTestId("iq-submit");
    for (let n = 1; n <= 14; n++) {
      await fireEvent.click(within(screen.getByTestId(`iq-question-${n}`)).getByLabelText("Yes"));
    }
    await fireEvent.click(screen.getByTestId("iq-submit"));
    const alert = await screen.findByRole("alert");
    expect(within(alert).getByText(/is inactive/)).toBeTruthy();
  });
});
