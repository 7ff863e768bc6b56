// Generated from the Rust types of src-tauri/ by `UPDATE_BINDINGS=1 cargo test -p intrograph-app bindings`.
// Do not edit by hand.

export type CommandError = { code: string, message: string, };

export type WorkspaceInfo = { 
/**
 * The database file.
 */
database: string, 
/**
 * The schema version recorded in the file.
 */
schemaVersion: number, 
/**
 * The app's version.
 */
appVersion: string, };

export type RepId = string;

export type PersonId = string;

export type AssessmentId = string;

export type Question = { 
/**
 * 1 to 14.
 */
number: number, 
/**
 * The practice it is about, in a word or two.
 */
topic: string, text: string, 
/**
 * Shown when the answer is "no".
 */
advice: string, };

export type Band = "cold_caller" | "occasional_asker" | "practitioner" | "referral_pro";

export type Assessment = { id: AssessmentId, rep_id: RepId, rep_name: string, quarter: Quarter, 
/**
 * `y` / `n` per question.
 */
answers: string, score: number, band: Band, taken_at: string, updated_at: string, };

export type TrendPoint = { quarter: Quarter, score: number, band: Band, 
/**
 * Against the rep's previous assessment (which may be several quarters back).
 */
change: number | null, };

export type QuarterAverage = { quarter: Quarter, assessments: number, average: number | null, };

export type QuestionResult = { number: number, topic: string, text: string, yes: number, answered: number, yes_share: number | null, };

export type MissingRep = { rep_id: RepId, name: string, };

export type TeamView = { quarter: Quarter, 
/**
 * This quarter's assessments, by rep name.
 */
assessments: Array<Assessment>, 
/**
 * Every quarter with at least one assessment, oldest first, plus `quarter`.
 */
averages: Array<QuarterAverage>, 
/**
 * Every question for `quarter`, weakest first (lowest share of "yes").
 */
weakest: Array<QuestionResult>, 
/**
 * Active reps without an assessment for `quarter`.
 */
missing: Array<MissingRep>, };

export type Quarter = string;

export type Period = { from: string, to: string, };

export type Stage = "draft" | "asked" | "accepted" | "declined" | "introduced" | "meeting" | "opportunity" | "won" | "lost" | "stalled";

export type LeadSource = "referral" | "cold_call" | "inbound" | "event" | "existing_customer" | "other";

export type StageCounts = { 
/**
 * Requests created.
 */
created: number, asked: number, accepted: number, declined: number, introduced: number, meeting: number, opportunity: number, won: number, lost: number, stalled: number, };

export type Conversion = { from: Stage, to: Stage, rate: number | null, };

export type FunnelRow = { 
/**
 * What the row is for: "all", a rep's or source's name, or a quarter (`2026-Q1`).
 */
label: string, 
/**
 * The rep's or source's id, when grouped by one.
 */
id: string | null, counts: StageCounts, conversions: Array<Conversion>, };

export type SourceComparison = { lead_source: LeadSource, 
/**
 * Opportunities opened in the period.
 */
opportunities: number, won: number, lost: number, 
/**
 * won / (won + lost).
 */
win_rate: number | null, 
/**
 * Median days from opening to close, over closed (won or lost) opportunities.
 */
median_days_to_close: number | null, 
/**
 * Average value of the won ones.
 */
average_deal_value: number | null, 
/**
 * Average touches before the first meeting, over opportunities that had one.
 */
touches_before_first_meeting: number | null, };

export type Activity = { rep_id: RepId, rep_name: string, active: boolean, 
/**
 * Requests moved to `asked` in the period.
 */
asks: number, 
/**
 * The period's length in weeks (days / 7).
 */
weeks: number, asks_per_week: number | null, 
/**
 * Goal: asks per week.
 */
goal: number | null, 
/**
 * asks per week / goal.
 */
goal_ratio: number | null, goal_met: boolean | null, 
/**
 * Open requests whose follow-up date is before `today`.
 */
overdue_follow_ups: number, 
/**
 * Requests introduced (or further) whose source has not been thanked.
 */
unthanked_sources: number, };

export type TopSource = { source_id: PersonId, name: string, 
/**
 * Requests created in the period that the source introduced (reached `introduced`).
 */
introductions: number, wins: number, 
/**
 * Total deal value won.
 */
revenue: number, };

export type RepEntry = { repId: RepId, personId: PersonId, name: string, active: boolean, 
/**
 * The rep's goal of introduction requests asked per week, when set.
 */
asksPerWeek: number | null, 
/**
 * The rep whose network the app works from.
 */
current: boolean, };

export type WeightConstants = { 
/**
 * Factor for strength 1 (distant) to 5 (very strong).
 */
strengthFactors: [number, number, number, number, number], unverifiedFactor: number, recencyHalfLifeDays: number, recencyFloor: number, unknownContactFactor: number, };

export type FollowUpDays = { stage: Stage, days: number, defaultDays: number, };

export type SettingsOverview = { 
/**
 * The database open now.
 */
database: string | null, 
/**
 * The settings file that names the database for the next start.
 */
configFile: string | null, 
/**
 * The database the settings file names, if any.
 */
configuredDatabase: string | null, 
/**
 * `INTROGRAPH_DB` is set and wins over the settings file.
 */
databaseFromEnv: boolean, reps: Array<RepEntry>, weights: WeightConstants, defaultWeights: WeightConstants, 
/**
 * The weights differ from the defaults.
 */
weightsCustomised: boolean, followUpDays: Array<FollowUpDays>, };

export type IqResult = { assessment: Assessment, 
/**
 * The answers, question 1 first.
 */
answers: Array<boolean>, 
/**
 * The band in words ("Practitioner (10-12): a working referral habit").
 */
bandLabel: string, 
/**
 * The questions answered "no", with their advice.
 */
advice: Array<Question>, };

export type IqOverview = { 
/**
 * This quarter, in the user's time zone.
 */
quarter: Quarter, questions: Array<Question>, 
/**
 * The rep taking the assessment; `None` with `noRep` saying why.
 */
rep: RepEntry | null, noRep: string | null, 
/**
 * This quarter's assessment, if taken.
 */
current: IqResult | null, 
/**
 * Every assessment of the rep, oldest first.
 */
history: Array<TrendPoint>, };

export type MetricsQuery = { from?: string, to?: string, rep?: RepId, };

export type MetricsReport = { period: Period, rep: RepId | null, 
/**
 * Every rep, for the filter.
 */
reps: Array<RepEntry>, 
/**
 * The whole funnel of requests created in the period.
 */
funnel: FunnelRow, byRep: Array<FunnelRow>, byQuarter: Array<FunnelRow>, leadSources: Array<SourceComparison>, topSources: Array<TopSource>, activity: Array<Activity>, };

export type MetricsTable = "funnel" | "by_rep" | "by_quarter" | "lead_sources" | "top_sources" | "activity";

export type ExportResult = { path: string, 
/**
 * Data rows written (the header not counted).
 */
rows: number, };

export type ImportFormat = "people_csv" | "relationships_csv";

export type ImportField = { field: string, label: string, required: boolean, };

export type ImportFormatInfo = { format: ImportFormat, label: string, description: string, 
/**
 * File name endings, without the dot.
 */
extensions: Array<string>, 
/**
 * The columns, for mapping a file's headers.
 */
fields: Array<ImportField>, };

export type FileInspection = { path: string, format: ImportFormat, headers: Array<string>, 
/**
 * For each header, the field it fills (`None`: ignored).
 */
mapping: Array<string | null>, 
/**
 * The first data rows.
 */
sample: Array<Array<string>>, 
/**
 * Data rows in the file.
 */
rows: number, };

export type ImportPlan = { path: string, format: ImportFormat, 
/**
 * One entry per header; absent keeps the file's own headers.
 */
mapping?: Array<string | null>, };

export type ImportOutcome = { file: string, rows: number, added: number, updated: number, 
/**
 * Rows that matched a stored record and changed nothing.
 */
unchanged: number, 
/**
 * Remarks that did not stop the import (columns ignored, ...).
 */
notes: Array<string>, preview: boolean, };

export type ImportProgress = { done: number, total: number, };

export type ExportKind = "people" | "relationships" | "requests";

export type BackupTable = { table: string, records: number, added: number, updated: number, unchanged: number, };

export type BackupOutcome = { path: string, tables: Array<BackupTable>, 
/**
 * Records present on both sides with different content, and which side was kept.
 */
conflicts: Array<string>, };
