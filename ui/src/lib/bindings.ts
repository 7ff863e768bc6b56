// Generated from the Rust types of crates/app-core/ and src-tauri/ by `UPDATE_BINDINGS=1 cargo test -p intrograph-app bindings`.
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
schema_version: number, 
/**
 * The program's version.
 */
app_version: string, 
/**
 * The workspace's currency for deal values (ISO 4217).
 */
currency: string, };

export type OutsideChange = { "kind": "updated" } | { "kind": "replaced", message: string, } | { "kind": "closed", message: string, };

export type PersonId = string;

export type OrganisationId = string;

export type RelationshipId = string;

export type EmploymentId = string;

export type TouchId = string;

export type RepId = string;

export type RequestId = string;

export type OpportunityId = string;

export type StageChangeId = string;

export type Person = { id: PersonId, full_name: string, title: string, emails: Array<string>, phones: Array<string>, linkedin_url: string | null, tags: Array<string>, notes: string, 
/**
 * Where the record came from ("manual", "linkedin", "vcard", "csv:<file>", ...).
 */
source: string, created_at: string, updated_at: string, };

export type Employment = { id: EmploymentId, person_id: PersonId, organisation_id: OrganisationId, title: string, start: string | null, end: string | null, 
/**
 * Works there now. A past position may have an unknown end date.
 */
current: boolean, };

export type RelationshipKind = "colleague" | "former_colleague" | "client" | "partner" | "friend" | "family" | "investor" | "board" | "classmate" | "linkedin_connection" | "other";

export type Visibility = "team" | "private";

export type Strength = number;

export type Relationship = { id: RelationshipId, a: PersonId, b: PersonId, kind: RelationshipKind, strength: Strength, 
/**
 * When the rep confirmed these two really know each other; `None` = unverified.
 */
verified_at: string | null, last_contact: string | null, 
/**
 * When the relationship began, if known.
 */
since: string | null, notes: string, source: string, created_at: string, updated_at: string, 
/**
 * The rep who recorded the tie: `None` = this desktop's own rep; a colleague's rep
 * for a tie pulled from the team workspace.
 */
owner_rep_id: RepId | null, 
/**
 * Whether the tie is shared with the team (the default) or stays on this desktop.
 */
visibility: Visibility, };

export type TouchKind = "call" | "email" | "meeting" | "event" | "message";

export type Touch = { id: TouchId, person_id: PersonId, rep_id: RepId | null, kind: TouchKind, date: string, notes: string, created_at: string, 
/**
 * Which way an email or message read from the rep's mail went (`None`: logged by
 * hand, or a meeting).
 */
direction: Direction | null, };

export type Direction = "sent" | "received";

export type OrganisationSummary = { id: OrganisationId, name: string, };

export type Target = { "kind": "person", "id": PersonId } | { "kind": "organisation", "id": OrganisationId };

export type PathPerson = { id: PersonId, name: string, };

export type OverlapCertainty = "dates" | "both_current" | "unconfirmed";

export type SharedEmployer = { organisation: OrganisationSummary, 
/**
 * Start of the overlap, when known.
 */
from: string | null, 
/**
 * End of the overlap, when known (today when both work there now).
 */
to: string | null, 
/**
 * Both work there now.
 */
current: boolean, certainty: OverlapCertainty, 
/**
 * Which dates are unknown, e.g. "start date unknown for Ann Lee".
 */
unknown_dates: Array<string>, };

export type Colleague = { rep_id: RepId, person_id: PersonId, name: string, };

export type HopExplanation = { from: PersonId, to: PersonId, relationship: RelationshipId, kind: RelationshipKind, strength: Strength, verified: boolean, verified_at: string | null, 
/**
 * The tie is unverified: "confirm they know each other" before asking.
 */
confirm_they_know_each_other: boolean, last_contact: string | null, since: string | null, 
/**
 * The introduction weight of the relationship.
 */
weight: number, shared_employers: Array<SharedEmployer>, 
/**
 * The referral source's track-record factor, on the hop where that source
 * makes the introduction (the second hop), when one was given.
 */
source_factor: number | null, 
/**
 * E.g. "strong, verified colleague since 2019; last contact 3 weeks ago; both at Acme 2018–2021".
 */
sentence: string, 
/**
 * The hop is the implicit tie between the rep and a teammate (no relationship is
 * recorded between them; `relationship` is then the nil id).
 */
teammate: boolean, 
/**
 * The colleague who recorded this relationship, when it is not the rep's own (a tie
 * pulled from the team workspace). Filled by [`crate::suggest::suggest`].
 */
recorded_by: Colleague | null, };

export type IntroPath = { score: number, 
/**
 * The rep first, the target last.
 */
people: Array<PathPerson>, 
/**
 * One per relationship, from the rep outwards.
 */
hops: Array<HopExplanation>, 
/**
 * The track-record factor applied for the first intermediary, if any.
 */
source_factor: number | null, 
/**
 * When the first person to ask is a colleague on the team: who, and the sentence
 * that says so, e.g. "ask your colleague Dana Whitfield, who knows Priya Shah well
 * (verified)". Filled by [`crate::suggest::suggest`].
 */
ask_colleague: string | null, };

export type TargetGroup = { person: PathPerson, paths: Array<IntroPath>, };

export type Suggestions = { "target_kind": "person", rep: PathPerson, target: PathPerson, max_hops: number, paths: Array<IntroPath>, } | { "target_kind": "organisation", rep: PathPerson, organisation: OrganisationSummary, max_hops: number, groups: Array<TargetGroup>, };

export type Stage = "draft" | "asked" | "accepted" | "declined" | "introduced" | "meeting" | "opportunity" | "won" | "lost" | "stalled";

export type IntroRequest = { id: RequestId, rep_id: RepId, target_id: PersonId, 
/**
 * The person the rep asks for the introduction.
 */
source_id: PersonId, 
/**
 * The chosen path, rep first and target last.
 */
path: Array<PersonId>, 
/**
 * Why the rep wants to meet the target.
 */
reason: string, 
/**
 * What the rep brings the target.
 */
offer: string, 
/**
 * The ask, as sent to the source.
 */
message: string, stage: Stage, 
/**
 * For a stalled request: the stage it resumes to.
 */
stalled_from: Stage | null, next_follow_up: string | null, deal_value: number | null, lost_reason: string | null, 
/**
 * When the source was thanked (`None` = not yet).
 */
thanked_on: string | null, 
/**
 * When the source was told how it went (`None` = not yet).
 */
told_on: string | null, created_at: string, updated_at: string, rep_name: string, target_name: string, source_name: string, 
/**
 * Touches logged for this request.
 */
touches: number, };

export type StageChange = { id: StageChangeId, request_id: RequestId, from: Stage | null, to: Stage, at: string, note: string, };

export type PeopleSort = "name" | "name_desc" | "most_connected" | "recently_added";

export type PersonRow = { id: PersonId, full_name: string, title: string, 
/**
 * A current employer, when known.
 */
organisation: string | null, relationships: number, 
/**
 * The latest touch logged with the person.
 */
last_touch: string | null, };

export type PeoplePage = { total: number, offset: number, rows: Array<PersonRow>, };

export type TargetEntry = { target: Target, name: string, added_at: string, };

export type Listed = { 
/**
 * At most the limit asked for, in the list's order.
 */
requests: Array<IntroRequest>, 
/**
 * Every request the list holds.
 */
total: number, };

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

export type By = "all" | "rep" | "source" | "quarter";

export type MetricsTable = "funnel" | "sources" | "activity" | "top_sources";

export type Progress = { 
/**
 * Bytes of the file read so far.
 */
bytes_read: number, 
/**
 * The file's size, when known.
 */
bytes_total: number | null, 
/**
 * Records (rows or cards) handled so far.
 */
records: number, };

export type Skip = { 
/**
 * `Connections.csv, line 9` or `contacts.vcf, card 2 (line 14)`.
 */
location: string, reason: string, };

export type Action = "added" | "updated" | "merged";

export type Change = { location: string, action: Action, person: string, };

export type ImportReport = { 
/**
 * Data rows (or cards) read.
 */
rows: number, added: number, updated: number, 
/**
 * Records that repeated an earlier record of the same file.
 */
merged: number, unchanged: number, skipped: number, 
/**
 * Every skipped record, with its line or card number and the reason.
 */
skips: Array<Skip>, 
/**
 * The first [`MAX_LISTED_CHANGES`] additions, updates and merges.
 */
changes: Array<Change>, 
/**
 * Relationships added (a LinkedIn import links the rep to each connection).
 */
relationships_added: number, 
/**
 * The character encoding the file was read in.
 */
encoding: string | null, 
/**
 * Remarks that did not stop the import, e.g. ignored unknown columns.
 */
notes: Array<string>, dry_run: boolean, };

export type EvidenceKind = "same_phone" | "same_linkedin" | "same_email" | "same_email_name" | "similar_name_same_organisation" | "same_name_elsewhere" | "shared_relationships" | "different_linkedin" | "know_each_other";

export type Evidence = { kind: EvidenceKind, 
/**
 * The line as shown: "same phone: +1 415 555 0100 and (415) 555-0100".
 */
detail: string, 
/**
 * True for counter-evidence, which lowers the score.
 */
against: boolean, };

export type Likelihood = "possible" | "likely" | "very_likely";

export type DuplicateSide = { id: PersonId, name: string, organisations: Array<string>, emails: Array<string>, phones: Array<string>, linkedin_url: string | null, 
/**
 * Relationships on record.
 */
relationships: number, rep: boolean, };

export type LikelyDuplicate = { keep: DuplicateSide, other: DuplicateSide, 
/**
 * In [0, 1]; ranks pairs (see the module documentation).
 */
score: number, likelihood: Likelihood, 
/**
 * Evidence first, counter-evidence last.
 */
evidence: Array<Evidence>, };

export type DuplicatesView = { 
/**
 * The first pairs, best first.
 */
pairs: Array<LikelyDuplicate>, 
/**
 * Every pair proposed (`pairs` may list fewer).
 */
total: number, 
/**
 * Pairs dismissed so far (never proposed again).
 */
dismissed: number, };

export type Dismissed = { a_name: string, b_name: string, 
/**
 * False when the pair had been dismissed before.
 */
newly: boolean, };

export type ExplorerNode = { id: PersonId, name: string, 
/**
 * Their current organisation, empty when none.
 */
organisation: string, 
/**
 * Relationships on record (how many more an expansion may show).
 */
degree: number, };

export type ExplorerEdge = { id: RelationshipId, a: PersonId, b: PersonId, 
/**
 * 1 (distant) to 5 (very strong).
 */
strength: number, verified: boolean, kind: RelationshipKind, 
/**
 * The introduction weight in (0, 1].
 */
weight: number, };

export type Expansion = { centre: ExplorerNode, 
/**
 * The contacts loaded (the strongest first), the centre not included.
 */
nodes: Array<ExplorerNode>, edges: Array<ExplorerEdge>, 
/**
 * Contacts not loaded (past the limit).
 */
hidden: number, };

export type TargetOption = { target: Target, name: string, 
/**
 * A title or an employer for a person, "Organisation" for an organisation.
 */
detail: string, };

export type FindOptions = { max_hops: number, k: number, 
/**
 * Best path through each different first person to ask (the default) or the plain top k.
 */
diverse: boolean, verified_only: boolean, exclude: Array<PersonId>, };

export type SuggestedAsk = { target: TargetEntry, path: IntroPath | null, 
/**
 * An open request toward this target already exists.
 */
requested: boolean, };

export type TodayView = { today: string, rep: PathPerson, 
/**
 * The oldest overdue follow-ups, at most [`crate::today::LISTED`]; `overdue_total`
 * counts them all.
 */
overdue: Array<IntroRequest>, overdue_total: number, 
/**
 * Follow-ups due today, at most [`crate::today::LISTED`]; `due_total` counts them all.
 */
due: Array<IntroRequest>, due_total: number, 
/**
 * Asked or accepted: the source has not made the introduction yet. The newest, at
 * most [`crate::today::LISTED`]; `waiting_total` counts them all.
 */
waiting: Array<IntroRequest>, waiting_total: number, asks: Array<SuggestedAsk>, 
/**
 * The quarter whose Referral I.Q. the rep has not taken yet.
 */
iq_missing: string | null, 
/**
 * People due a contact under their keep-in-touch cadence, overdue first.
 */
keep_in_touch: KeepInTouch, };

export type RequestDetail = { request: IntroRequest, history: Array<StageChange>, next_stages: Array<Stage>, };

export type AskInput = { 
/**
 * The rep first, the target last; the second person is the referral source.
 */
path: Array<PersonId>, reason: string, offer: string, message: string, };

export type MoveInput = { to: Stage, note: string, deal_value: number | null, lost_reason: string | null, };

export type SourceNote = "thanked" | "told";

export type TeamAskWarning = { request_id: RequestId, rep_name: string, target_name: string, source_name: string, stage: Stage, 
/**
 * When that request was created.
 */
since: string, 
/**
 * The same target (else the same source only).
 */
same_target: boolean, 
/**
 * E.g. "Dana Whitfield already has an open request to Priya Shah through Omar Haddad (asked, since 2026-11-02)".
 */
message: string, };

export type RelatedPerson = { relationship: Relationship, other: PathPerson, };

export type Job = { employment: Employment, organisation: string, };

export type PersonDetail = { person: Person, jobs: Array<Job>, 
/**
 * Every relationship of the person, strongest first (the page shows a hundred at a time).
 */
related: Array<RelatedPerson>, touches: Array<Touch>, 
/**
 * The most recent requests naming the person as target or referral source (at most
 * `people::PERSON_REQUESTS`, a hundred), newest first.
 */
requests: Array<IntroRequest>, 
/**
 * How many requests name the person in all.
 */
requests_total: number, is_me: boolean, is_target: boolean, 
/**
 * How often the rep means to be in touch, in days (`None`: no cadence).
 */
keep_in_touch_days: number | null, 
/**
 * Touches in each of the last 12 months, oldest first (the page's small chart).
 */
touch_months: Array<MonthTouches>, };

export type PersonForm = { full_name: string, title: string, emails: Array<string>, phones: Array<string>, linkedin_url: string | null, tags: Array<string>, notes: string, 
/**
 * A current employer, by name (new people only).
 */
organisation: string | null, };

export type RelationshipEdit = { strength: number | null, verified: boolean | null, 
/**
 * Set the last contact; `clear_last_contact` empties it.
 */
last_contact: string | null, clear_last_contact: boolean, 
/**
 * Share the tie with the team or keep it private.
 */
visibility: Visibility | null, };

export type TouchForm = { kind: TouchKind, date: string, notes: string, };

export type GraphNode = { id: PersonId, name: string, ring: number, };

export type GraphEdge = { a: PersonId, b: PersonId, strength: Strength, verified: boolean, kind: RelationshipKind, };

export type Neighbourhood = { nodes: Array<GraphNode>, edges: Array<GraphEdge>, 
/**
 * Contacts left out to keep the picture readable.
 */
hidden: number, };

export type WorkspaceContents = { people: number, sample_people: number, has_rep: boolean, };

export type ImportFormat = "linkedin" | "vcard" | "csv" | "people_csv" | "relationships_csv";

export type ImportField = { field: string, label: string, required: boolean, };

export type ImportFormatInfo = { format: ImportFormat, label: string, description: string, 
/**
 * File name endings, without the dot.
 */
extensions: Array<string>, 
/**
 * The fields its columns can be mapped to; empty when the format needs no mapping.
 */
fields: Array<ImportField>, };

export type FileInspection = { path: string, format: ImportFormat, bytes: number, 
/**
 * The character encoding detected (or chosen).
 */
encoding: string, headers: Array<string>, 
/**
 * For each header, the field it fills (`None`: ignored).
 */
mapping: Array<string | null>, 
/**
 * The application whose export the headers look like, if recognised.
 */
recognised: string | null, 
/**
 * The first data rows.
 */
sample: Array<Array<string>>, 
/**
 * Saved column mappings, by name.
 */
saved_mappings: Array<string>, };

export type ImportPlan = { path: string, format: ImportFormat | null, 
/**
 * `utf-8`, `windows-1252`, ...; absent detects it.
 */
encoding?: string, 
/**
 * For a contacts CSV: the field of each header, in the file's order.
 */
mapping?: Array<string | null>, 
/**
 * For a contacts CSV: the headers the mapping belongs to.
 */
headers?: Array<string>, 
/**
 * For a contacts CSV without an inline mapping: the saved mapping to read it through
 * (absent: the headers are recognised).
 */
saved_mapping?: string, 
/**
 * Save the mapping under this name once the import succeeds.
 */
save_mapping_as?: string, };

export type ImportOutcome = { file: string, preview: boolean, report: ImportReport, 
/**
 * The mapping saved, when one was asked for.
 */
saved_mapping: string | null, 
/**
 * Likely duplicates among the people the import added or changed (the first few;
 * none in a preview).
 */
likely_duplicates: Array<LikelyDuplicate>, likely_duplicates_total: number, };

export type ExportKind = "people" | "relationships" | "requests";

export type ExportResult = { path: string, rows: number, };

export type BackupFile = { path: string, 
/**
 * RFC 3339.
 */
taken_at: string, bytes: number, 
/**
 * `automatic`, `manual` or `before restore`.
 */
kind: string, };

export type Backups = { folder: string, backups: Array<BackupFile>, };

export type RestoreOutcome = { restored: string, previous_kept_at: string | null, schema_version: number, };

export type ExchangeFormat = "mail" | "calendar" | "linkedin_messages";

export type ExchangePlan = { 
/**
 * An mbox file, a folder (Maildir, or mbox files), an `.ics` or `messages.csv`.
 */
path: string, format: ExchangeFormat | null, 
/**
 * More addresses of the rep's (added to the rep's record).
 */
me: Array<string>, 
/**
 * Correspondents to add as people (addresses or LinkedIn profiles from the preview).
 */
add: Array<string>, 
/**
 * Keep subjects too.
 */
subjects: boolean, 
/**
 * Add every frequent correspondent the preview lists (besides `add`).
 */
add_all: boolean, };

export type ExchangeOutcome = { path: string, preview: boolean, report: ExchangeReport, };

export type ExchangeFormatInfo = { format: ExchangeFormat, label: string, description: string, 
/**
 * File name endings, without the dot (empty: a folder also does).
 */
extensions: Array<string>, folder: boolean, };

export type ExchangeReport = { dry_run: boolean, files: Array<FileOutcome>, 
/**
 * Messages, events (occurrences) and rows read.
 */
read: number, 
/**
 * Exchanges stored for the first time.
 */
imported: number, 
/**
 * Exchanges stored by an earlier import.
 */
already_imported: number, 
/**
 * Exchanges with nobody known on them (their addresses are counted as candidates).
 */
nobody_known: number, emails_sent: number, emails_received: number, meetings: number, messages: number, 
/**
 * Touches added (each exchange gives one per person it touches).
 */
touches_added: number, people_added: number, 
/**
 * Relationships of the rep created (unverified, weak) for people with touches.
 */
relationships_added: number, 
/**
 * Relationships of the rep whose last contact moved forward.
 */
last_contacts_moved: number, 
/**
 * Unverified weak ties added between people seen together.
 */
ties_added: number, 
/**
 * Pairs seen together often enough, kept out: the rep removed or dismissed their tie
 * before.
 */
ties_kept_out: number, 
/**
 * People added who were given an organisation from their address's domain.
 */
people_given_organisation: number, skipped_bulk: number, skipped_role: number, skipped_declined: number, skipped_cancelled: number, skipped_to_self: number, skipped_unreadable: number, 
/**
 * The unreadable messages and events, with where and why.
 */
skips: Array<Skip>, 
/**
 * Frequent correspondents who are not people yet, most seen first.
 */
candidates: Array<Candidate>, 
/**
 * Addresses that look like the rep's but are not on the rep's record.
 */
own_addresses: Array<OwnAddress>, notes: Array<string>, };

export type Candidate = { address: string, 
/**
 * The display name seen most often, if any.
 */
name: string | null, sent: number, received: number, meetings: number, };

export type OwnAddress = { address: string, seen: number, };

export type FileOutcome = { file: string, 
/**
 * Messages, events or rows read.
 */
read: number, 
/**
 * Why nothing of this file was imported, when so.
 */
failed: string | null, };

export type SuggestionsView = { strengths: Array<Suggestion>, 
/**
 * How many of `strengths` the rep set by hand (accepting all leaves them).
 */
by_hand: number, likely: Array<LikelyTie>, };

export type Suggestion = { relationship_id: RelationshipId, person_id: PersonId, name: string, current: number, suggested: number, 
/**
 * The rep chose the current strength: accepting all leaves it.
 */
by_hand: boolean, last_contact: string | null, reason: string, };

export type LikelyTie = { a: PersonId, a_name: string, b: PersonId, b_name: string, 
/**
 * "Likely know each other: together on 3 email threads and 1 meeting between ..."
 */
seen: string, 
/**
 * Their relationship, if any (an unverified weak one is added by the import).
 */
relationship_id: RelationshipId | null, verified: boolean, };

export type Accepted = { accepted: number, 
/**
 * Strengths set by hand that accepting all left as they are.
 */
kept_by_hand: number, };

export type Due = { person_id: PersonId, name: string, every_days: number, last_contact: string | null, 
/**
 * When the next contact is due (`None`: never in touch, due now).
 */
due_on: string | null, 
/**
 * Days past the due date (0 or less: due within the coming week).
 */
days_overdue: number, };

export type KeepInTouch = { 
/**
 * The most overdue first, at most [`crate::today::LISTED`].
 */
due: Array<Due>, total: number, };

export type MonthTouches = { 
/**
 * `2026-03`.
 */
month: string, touches: number, };

export type MetricsQuery = { from?: string, to?: string, rep?: RepId, };

export type TrendStep = "week" | "quarter";

export type TrendBucket = { 
/**
 * The bucket's first day (a week) or its quarter (`2026-Q1`).
 */
label: string, 
/**
 * The bucket's days inside the filter's period, both included.
 */
period: Period, 
/**
 * Requests created in the bucket.
 */
created: number, 
/**
 * Of those, the ones won so far.
 */
won: number, 
/**
 * won / created (`None` when none was created).
 */
conversion: number | null, 
/**
 * Requests moved to `asked` in the bucket, whenever they were created.
 */
asks: number, };

export type MetricsReport = { period: Period, rep: RepId | null, 
/**
 * Every rep, for the filter.
 */
reps: Array<RepEntry>, 
/**
 * The whole funnel of requests created in the period.
 */
funnel: FunnelRow, by_rep: Array<FunnelRow>, by_quarter: Array<FunnelRow>, lead_sources: Array<SourceComparison>, top_sources: Array<TopSource>, activity: Array<Activity>, 
/**
 * Whether the trend goes week by week or quarter by quarter.
 */
trend_step: TrendStep, 
/**
 * Requests created, won and asked over the period, bucket by bucket.
 */
trend: Array<TrendBucket>, 
/**
 * Whole days from the first ask to the win of each request won in the period, shortest first.
 */
ask_to_won_days: Array<number>, 
/**
 * The workspace's currency (ISO 4217), for deal values.
 */
currency: string, };

export type ChartFormat = "png" | "svg";

export type SavedChart = { path: string, bytes: number, };

export type IqResult = { assessment: Assessment, 
/**
 * The answers, question 1 first.
 */
answers: Array<boolean>, 
/**
 * The band in words ("Practitioner (10-12): a working referral habit").
 */
band_label: string, 
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
 * The rep taking the assessment; `None` with `no_rep` saying why.
 */
rep: RepEntry | null, no_rep: string | null, 
/**
 * This quarter's assessment, if taken.
 */
current: IqResult | null, 
/**
 * Every assessment of the rep, oldest first.
 */
history: Array<TrendPoint>, };

export type RepEntry = { rep_id: RepId, person_id: PersonId, name: string, active: boolean, 
/**
 * The rep's goal of introduction requests asked per week, when set.
 */
asks_per_week: number | null, 
/**
 * The rep whose network the app works from.
 */
current: boolean, };

export type WeightConstants = { 
/**
 * Factor for strength 1 (distant) to 5 (very strong).
 */
strength_factors: [number, number, number, number, number], unverified_factor: number, recency_half_life_days: number, recency_floor: number, unknown_contact_factor: number, };

export type FollowUpDays = { stage: Stage, days: number, default_days: number, };

export type SettingsOverview = { 
/**
 * The database open now.
 */
database: string | null, 
/**
 * The settings file that names the database for the next start.
 */
config_file: string | null, 
/**
 * The database the settings file names, if any.
 */
configured_database: string | null, 
/**
 * `INTROGRAPH_DB` is set and wins over the settings file.
 */
database_from_env: boolean, reps: Array<RepEntry>, weights: WeightConstants, default_weights: WeightConstants, 
/**
 * The weights differ from the defaults.
 */
weights_customised: boolean, follow_up_days: Array<FollowUpDays>, 
/**
 * The workspace's currency for deal values (ISO 4217).
 */
currency: string, };

export type LapsedCustomer = { person_id: PersonId, name: string, 
/**
 * The rep whose client they are.
 */
rep_id: RepId, rep_name: string, rep_active: boolean, 
/**
 * The latest touch or last contact, if any.
 */
last_touch: string | null, 
/**
 * Days since `last_touch` (`None` = never touched).
 */
days_since: number | null, 
/**
 * No touch for the given number of days.
 */
lapsed: boolean, 
/**
 * The owning rep is inactive.
 */
orphaned: boolean, };

export type LapsedLine = { customer: LapsedCustomer, 
/**
 * Why they are on the list: "no touch for 212 days", "never touched", "rep Ana Diaz is inactive".
 */
reasons: Array<string>, 
/**
 * The open re-engagement opportunity already planned for them, if any.
 */
planned: OpportunityId | null, };

export type LapsedView = { 
/**
 * Days without a touch after which a customer counts as lapsed.
 */
days: number, today: string, customers: Array<LapsedLine>, };

export type Opportunity = { id: OpportunityId, rep_id: RepId, 
/**
 * The prospect's contact, if known.
 */
person_id: PersonId | null, title: string, lead_source: LeadSource, 
/**
 * The introduction request it came from (referrals only).
 */
request_id: RequestId | null, value: number | null, opened_on: string, first_meeting_on: string | null, closed_on: string | null, outcome: Outcome, lost_reason: string | null, created_at: string, updated_at: string, };

export type Outcome = "open" | "won" | "lost";

export type OpportunityLine = { opportunity: Opportunity, rep_name: string, contact_name: string | null, };

export type OpportunitiesView = { opportunities: Array<OpportunityLine>, reps: Array<RepEntry>, 
/**
 * Every lead source but referral (referral opportunities come from their request).
 */
sources: Array<LeadSource>, };

export type OpportunityForm = { title: string, lead_source: LeadSource, contact: PersonId | null, value: number | null, 
/**
 * Default: today.
 */
opened_on: string | null, first_meeting_on: string | null, 
/**
 * Default: the current rep.
 */
rep_id: RepId | null, };

export type CloseForm = { outcome: Outcome, 
/**
 * Default: today.
 */
on: string | null, 
/**
 * Needed for won, unless the opportunity has one.
 */
value: number | null, 
/**
 * Needed for lost.
 */
reason: string | null, };

export type UndoEntry = { 
/**
 * The entry's number (increasing).
 */
id: number, 
/**
 * When it was done (UTC, RFC 3339).
 */
at: string, kind: UndoKind, 
/**
 * What was done, in words ("Merged Bob Smith into Robert Smith").
 */
summary: string, 
/**
 * How many rows of the base tables it changed.
 */
changes: number, 
/**
 * When it was undone, if it was.
 */
undone_at: string | null, };

export type UndoKind = "merge" | "delete" | "stage_move" | "import";

export type BundleReport = { added: { [key in string]: number }, updated: { [key in string]: number }, unchanged: { [key in string]: number }, conflicts: Array<BundleConflict>, };

export type BundleConflict = { table: string, 
/**
 * The incoming record's key.
 */
id: string, local_updated_at: string | null, incoming_updated_at: string | null, kept: BundleKept, reason: string, };

export type BundleKept = "local" | "incoming";

export type SyncState = "not_joined" | "syncing" | "synced" | "waiting" | "offline" | "refused" | "failed";

export type ConflictView = { 
/**
 * Its number in this desktop's list (to use the overwritten value, or dismiss it).
 */
id: number, table: string, row_id: string, field: string, 
/**
 * What kind of record, e.g. "Person", "Relationship".
 */
record_kind: string, 
/**
 * Which one, e.g. "Priya Natarajan", "Omar Haddad ↔ Priya Natarajan".
 */
record: string, 
/**
 * The field as a person reads it, e.g. "Title".
 */
field_label: string, 
/**
 * The value kept (JSON text).
 */
kept: string, 
/**
 * The value overwritten (JSON text), and who wrote it (a rep's name or login, or
 * "this desktop").
 */
overwritten: string, 
/**
 * Both values as text ("(empty)" for none, lists joined).
 */
kept_text: string, overwritten_text: string, overwritten_by: string, 
/**
 * Who wrote the overwritten value, in words ("Dana Reyes", "you, on this desktop").
 */
by: string, 
/**
 * Whether "use the overwritten value" can set it back from the list.
 */
restorable: boolean, at: string, };

export type RepAsOf = { rep_id: RepId, name: string, 
/**
 * This desktop's own rep: their data is live here.
 */
me: boolean, 
/**
 * Their last push the team server saw (`None`: never, or this desktop's rep).
 */
as_of: string | null, };

export type TeamStatusView = { joined: boolean, 
/**
 * The server's URL without the password.
 */
server: string | null, login: string | null, leader: boolean, last_sync: string | null, 
/**
 * Local changes not pushed yet.
 */
waiting: number, 
/**
 * Rows pulled, in all.
 */
pulled: number, conflicts: Array<ConflictView>, state: SyncState, 
/**
 * What the status bar says, e.g. "Synced 14:02" or "3 changes waiting".
 */
bar: string, 
/**
 * The last failure in words, while it lasts.
 */
error: string | null, 
/**
 * Every rep's "as of" time, by name (empty outside a team).
 */
reps_as_of: Array<RepAsOf>, };

export type Command = "workspace_info" | "search_targets" | "find_paths" | "draft_ask" | "list_people" | "get_person" | "save_person_form" | "merge_people" | "edit_relationship" | "add_relationship" | "log_touch" | "neighbourhood" | "list_duplicates" | "dismiss_duplicate" | "explore_person" | "list_requests" | "request_detail" | "team_asks" | "create_request" | "move_intro_request" | "set_request_follow_up" | "note_source" | "today" | "mark_target" | "workspace_contents" | "load_sample" | "clear_sample" | "start_workspace" | "iq_overview" | "iq_take" | "iq_team" | "metrics_report" | "metrics_export" | "metrics_save_chart" | "settings_overview" | "settings_choose_database" | "settings_add_rep" | "settings_set_rep_active" | "settings_use_rep" | "settings_set_goal" | "settings_save_weights" | "settings_reset_weights" | "settings_save_follow_up_days" | "settings_set_currency" | "team_status" | "team_join" | "team_leave" | "team_sync_now" | "team_use_overwritten" | "team_dismiss_conflicts" | "import_formats" | "import_inspect" | "import_preview" | "import_apply" | "export_csv_file" | "import_saved_mapping" | "backup_list" | "backup_create" | "backup_restore" | "backup_json" | "recover_from_backup" | "exchange_formats" | "exchange_preview" | "exchange_apply" | "strength_suggestions" | "accept_suggestions" | "dismiss_likely_tie" | "set_cadence" | "lapsed_customers" | "plan_reengagement" | "list_opportunities" | "save_opportunity" | "close_opportunity" | "remove_opportunity" | "undo_history" | "undo_action" | "delete_person" | "bundle_export" | "bundle_preview" | "bundle_import";
