using ServerlessPds.Storage.Azure.Tables;

namespace ServerlessPds.Storage.Azure.Tests.Tables;

public sealed class TableFilterTests
{
    public static TheoryData<TableFilter, string> Expressions => new()
    {
        { TableFilter.PartitionKeyEquals("did:plc:x"), "PartitionKey eq 'did:plc:x'" },
        { TableFilter.Compare("Name", TableComparison.Equal, "o'brien ' or 1 eq 1"), "Name eq 'o''brien '' or 1 eq 1'" },
        { TableFilter.Compare("N", TableComparison.NotEqual, -5), "N ne -5" },
        { TableFilter.Compare("Seq", TableComparison.GreaterThan, 42L), "Seq gt 42L" },
        { TableFilter.Compare("Ok", TableComparison.Equal, true), "Ok eq true" },
        { TableFilter.Compare("R", TableComparison.LessThan, 3.0), "R lt 3.0" },
        { TableFilter.Compare("R", TableComparison.LessThanOrEqual, 0.25), "R le 0.25" },
        { TableFilter.Compare("R", TableComparison.GreaterThanOrEqual, 1e300), "R ge 1E+300" },
        {
            TableFilter.Compare("Timestamp", TableComparison.GreaterThanOrEqual, new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.FromHours(1))),
            "Timestamp ge datetime'2024-01-02T02:04:05.0000000Z'"
        },
        { TableFilter.Compare("Id", TableComparison.Equal, Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e")), "Id eq guid'0f8fad5b-d9cb-469f-a165-70867728950e'" },
        { TableFilter.Compare("B", TableComparison.Equal, new byte[] { 0x0A, 0xFF }), "B eq X'0aff'" },
        { TableFilter.StartsWith("RowKey", "app/"), "(RowKey ge 'app/') and (RowKey lt 'app0')" },
        { TableFilter.StartsWith("RowKey", "a\uffff"), "(RowKey ge 'a\uffff') and (RowKey lt 'b')" },
        { TableFilter.StartsWith("RowKey", ""), "RowKey ge ''" },
        {
            TableFilter.Or(TableFilter.Not(TableFilter.PartitionKeyEquals("a")), TableFilter.PartitionKeyEquals("b")),
            "(not (PartitionKey eq 'a')) or (PartitionKey eq 'b')"
        },
    };

    [Theory]
    [MemberData(nameof(Expressions))]
    public void Expression_Filter_IsEscapedODataText(TableFilter filter, string expected) =>
        Assert.Equal(expected, filter.Expression);

    [Theory]
    [InlineData("Name eq 'x' or true")]
    [InlineData("A B")]
    [InlineData("")]
    [InlineData("x'")]
    public void Compare_PropertyThatIsNotAName_Throws(string property) =>
        Assert.Throws<ArgumentException>(() => TableFilter.Compare(property, TableComparison.Equal, "v"));

    [Fact]
    public void Compare_NonFiniteDouble_Throws() =>
        Assert.Throws<ArgumentException>(() => TableFilter.Compare("R", TableComparison.Equal, double.NaN));
}
