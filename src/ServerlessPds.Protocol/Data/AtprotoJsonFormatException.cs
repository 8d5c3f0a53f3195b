namespace ServerlessPds.Protocol.Data;

/// <summary>The exception thrown when JSON is not a valid atproto data model value in its JSON form.</summary>
/// <remarks>Spec: atproto.com/specs/data-model, "JSON Representation".</remarks>
public sealed class AtprotoJsonFormatException : FormatException
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="message">What is wrong, naming the JSON path.</param>
    public AtprotoJsonFormatException(string message)
        : base(message)
    {
    }
}
