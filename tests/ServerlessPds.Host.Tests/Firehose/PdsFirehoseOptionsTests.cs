using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ServerlessPds.Host.Configuration;
using ServerlessPds.Host.Tests.Infrastructure;
using ServerlessPds.Pds.Firehose;

namespace ServerlessPds.Host.Tests.Firehose;

public sealed class PdsFirehoseOptionsTests
{
    [Fact]
    public async Task Settings_BindFromPdsFirehose_IntoTheHubAndTheRetentionSweeper()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(TestSettings.ValidInMemory(new Dictionary<string, string?>
        {
            ["Pds:Firehose:Retention"] = "1.12:00:00",
            ["Pds:Firehose:BufferFrames"] = "77",
            ["Pds:Firehose:BufferBytes"] = "123456",
            ["Pds:Firehose:PollInterval"] = "00:00:05",
            ["Pds:Firehose:SlowConsumerTimeout"] = "00:01:00",
        }));
        builder.AddPdsHost();
        await using var app = builder.Build();

        var hub = app.Services.GetRequiredService<FirehoseHub>().Options;
        Assert.Equal(TimeSpan.FromHours(36), app.Services.GetRequiredService<EventRetention>().Options.Window);
        Assert.Equal(77, hub.BufferFrames);
        Assert.Equal(123456, hub.BufferBytes);
        Assert.Equal(TimeSpan.FromSeconds(5), hub.PollInterval);
        Assert.Equal(TimeSpan.FromMinutes(1), hub.SlowConsumerTimeout);
    }

    [Fact]
    public void Defaults_AreValid_WithA72HourWindow()
    {
        var options = new PdsFirehoseOptions();
        var failures = new List<string>();

        options.Validate(failures);

        Assert.Empty(failures);
        Assert.Equal(TimeSpan.FromHours(72), options.Retention);
    }

    [Theory]
    [InlineData(nameof(PdsFirehoseOptions.BufferFrames), "Pds__Firehose__BufferFrames is 0")]
    [InlineData(nameof(PdsFirehoseOptions.BufferBytes), "Pds__Firehose__BufferBytes is 0")]
    [InlineData(nameof(PdsFirehoseOptions.Retention), "Pds__Firehose__Retention is 00:00:00: give a positive duration")]
    [InlineData(nameof(PdsFirehoseOptions.PollInterval), "Pds__Firehose__PollInterval is 00:00:00: give a positive duration")]
    public void Validate_ZeroSetting_NamesItsVariable(string setting, string message)
    {
        var options = new PdsFirehoseOptions();
        var property = typeof(PdsFirehoseOptions).GetProperty(setting)!;
        property.SetValue(options, property.PropertyType == typeof(TimeSpan) ? TimeSpan.Zero : Convert.ChangeType(0, property.PropertyType, System.Globalization.CultureInfo.InvariantCulture));
        var failures = new List<string>();

        options.Validate(failures);

        Assert.StartsWith(message, Assert.Single(failures), StringComparison.Ordinal);
    }
}
