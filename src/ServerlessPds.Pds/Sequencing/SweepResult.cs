using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Sequencing;

/// <summary>What one <see cref="SequencerSweeper.RunOnceAsync"/> did.</summary>
/// <param name="Markers">The pending markers examined.</param>
/// <param name="EntriesDrained">The outbox entries sequenced (now or before) and deleted.</param>
/// <param name="MarkersCleared">The idle markers deleted.</param>
/// <param name="Failures">The repos whose sweep failed, with the exception; they stay marked for the next run.</param>
public sealed record SweepResult(int Markers, int EntriesDrained, int MarkersCleared, IReadOnlyList<KeyValuePair<Did, Exception>> Failures);
