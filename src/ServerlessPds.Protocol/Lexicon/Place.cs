namespace ServerlessPds.Protocol.Lexicon;

/// <summary>Names where in a schema a type appears, to decide which types are allowed there.</summary>
[Flags]
internal enum Place
{
    /// <summary>Nowhere (types that only exist as primary definitions or tokens).</summary>
    None = 0,

    /// <summary>A named definition of a document (other than a primary type).</summary>
    Def = 1,

    /// <summary>An object's property.</summary>
    Property = 2,

    /// <summary>An array's items.</summary>
    Items = 4,

    /// <summary>A method parameter.</summary>
    Param = 8,

    /// <summary>The items of a parameter array.</summary>
    ParamItems = 16,

    /// <summary>The schema of an input or output body.</summary>
    Body = 32,

    /// <summary>The schema of a subscription's messages.</summary>
    Message = 64,
}
