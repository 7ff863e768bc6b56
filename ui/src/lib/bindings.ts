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

export type PersonId = string;

export type OrganisationId = string;

export type RelationshipId = string;

export type EmploymentId = string;

export type TouchId = string;

export type RepId = string;

export type RequestId = string;

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

export type Strength = number;

export type Relationship = { id: RelationshipId, a: PersonId, b: PersonId, kind: RelationshipKind, strength: Strength, 
/**
 * When the rep confirmed these two really know each other; `None` = unverified.
 */
verified_at: string | null, last_contact: string | null, 
/**
 * When the relationship began, if known.
 */
since: string | null, notes: string, source: string, created_at: string, updated_at: string, };

export type TouchKind = "call" | "email" | "meeting" | "event" | "message";

export type Touch = { id: TouchId, person_id: PersonId, rep_id: RepId | null, kind: TouchKind, date: string, notes: string, created_at: string, };

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
sentence: string, };

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
source_factor: number | null, };

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

export type Tie = { relationship: Relationship, other: PathPerson, };

export type Job = { employment: Employment, organisation: string, };

export type PersonDetail = { person: Person, jobs: Array<Job>, ties: Array<Tie>, touches: Array<Touch>, requests: Array<IntroRequest>, is_me: boolean, is_target: boolean, };

export type PersonForm = { full_name: string, title: string, emails: Array<string>, phones: Array<string>, linkedin_url: string | null, tags: Array<string>, notes: string, 
/**
 * A current employer, by name (new people only).
 */
organisation: string | null, };

export type TieEdit = { strength: number | null, verified: boolean | null, 
/**
 * Set the last contact; `clear_last_contact` empties it.
 */
last_contact: string | null, clear_last_contact: boolean, };

export type TouchForm = { kind: TouchKind, date: string, notes: string, };

export type GraphNode = { id: PersonId, name: string, ring: number, };

export type GraphEdge = { a: PersonId, b: PersonId, strength: Strength, verified: boolean, kind: RelationshipKind, };

export type Neighbourhood = { nodes: Array<GraphNode>, edges: Array<GraphEdge>, 
/**
 * Contacts left out to keep the picture readable.
 */
hidden: number, };

export type RequestDetail = { request: IntroRequest, history: Array<StageChange>, next_stages: Array<Stage>, };

export type AskInput = { 
/**
 * The rep first, the target last; the second person is the referral source.
 */
path: Array<PersonId>, reason: string, offer: string, message: string, };

export type MoveInput = { to: Stage, note: string, deal_value: number | null, lost_reason: string | null, };

export type SourceNote = "thanked" | "told";

export type SuggestedAsk = { target: TargetEntry, path: IntroPath | null, 
/**
 * An open request toward this target already exists.
 */
requested: boolean, };

export type TodayView = { today: string, rep: PathPerson, overdue: Array<IntroRequest>, due: Array<IntroRequest>, 
/**
 * Asked or accepted: the source has not made the introduction yet.
 */
waiting: Array<IntroRequest>, asks: Array<SuggestedAsk>, 
/**
 * The quarter whose Referral I.Q. the rep has not taken yet.
 */
iq_missing: string | null, };

export type WorkspaceContents = { people: number, sample_people: number, has_rep: boolean, };
