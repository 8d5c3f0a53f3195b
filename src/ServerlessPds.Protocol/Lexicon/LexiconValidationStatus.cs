namespace ServerlessPds.Protocol.Lexicon;

/// <summary>Names the outcomes of validating data against Lexicon schemas.</summary>
/// <remarks>
/// Spec: atproto.com/specs/lexicon, "Validation"; the <c>validationStatus</c> of com.atproto.repo.createRecord uses
/// <c>valid</c> and <c>unknown</c>. Callers map <see cref="Invalid"/> to the XRPC error <c>InvalidRequest</c> (as the reference PDS).
/// </remarks>
public enum LexiconValidationStatus
{
    /// <summary>The data matches its schema.</summary>
    Valid,

    /// <summary>No schema is known for the data (e.g. a collection the catalog lacks); nothing was checked.</summary>
    Unknown,

    /// <summary>The data does not match its schema; see <see cref="LexiconValidationResult.Errors"/>.</summary>
    Invalid,
}
