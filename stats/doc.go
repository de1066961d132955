// Package stats turns stored reports into the numbers, charts and exports the
// operations centre judges itself by. It is plain Go: the caller loads the
// reports (the embedded database cannot group or average, see docs/ARCHITECTURE.md) and
// everything is computed here from the reports' timelines.
//
// Definitions, for a period [From, To) and a list of communities:
//
//   - The reports counted are those submitted in the period (the time of the
//     timeline's Submit event). Everything else about them is counted whenever
//     it happened, even after To, so a row describes one cohort of reports and
//     no rate can exceed 100%.
//   - received: reports submitted in the period.
//   - accepted: those with an Accept event, or a Dispatch event (implicit
//     acceptance). rejected: those with a Reject event.
//   - resolved (办结): those with at least one Resolve event.
//   - 办结率 = resolved ÷ (received − rejected and never resolved). A report
//     resolved, reopened and then rejected stays resolved and in the
//     denominator.
//   - on-time rate = resolved reports whose first resolution came at or
//     before the due time in force ÷ resolved reports whose due time is known.
//     Events do not record due times; the report keeps only the latest
//     dispatch's DueAt. That is the due time in force at the first
//     resolution exactly when no dispatch came after it; reports dispatched
//     again after the first resolution (reopened) are left out of both parts.
//   - hours to accept: per report, submission to its first Accept (or first
//     Dispatch when that came first). hours to resolve: per Resolve event,
//     the time since the latest Dispatch before it, so a reopened report
//     gives one sample per round.
//   - median and P90 use the nearest-rank method: the P-th percentile of n
//     sorted samples is the ⌈P·n/100⌉-th, so the median of an even count is
//     the lower middle one. Streets and the total pool their samples.
//   - satisfaction = (满意 + 基本满意) ÷ all ratings, counted per Rate event
//     (a report rated twice counts twice); automatic closing is no rating.
//     reopens = ratings of 不满意.
//   - overdue: dispatched or in progress (the last timeline step) and past
//     the report's DueAt at now.
package stats
