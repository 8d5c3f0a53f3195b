// The function app's settings: every Pds__* setting the app requires (see the README's Configuration table and
// src/ServerlessPds.Host/Configuration), storage by endpoint + managed identity, the Web PubSub firehose transport,
// and the Functions host's identity-based AzureWebJobsStorage. Secrets are Key Vault references, never values.
// Flex Consumption sets the runtime in functionAppConfig: FUNCTIONS_WORKER_RUNTIME and FUNCTIONS_EXTENSION_VERSION
// are not used there.
@description('Name of the existing function app.')
param functionAppName string

@description('Public host name of the PDS (the custom domain, or the Front Door endpoint host).')
param hostname string

@description('Handle suffix, e.g. .pds.example.com.')
param userDomain string

@description('Base URLs of the relays asked to crawl this PDS, e.g. https://bsky.network.')
param crawlers array

@description('Whether account creation needs an invite code.')
param inviteRequired bool

@description('Contact e-mail published by describeServer; empty for none.')
param contactEmail string

@description('Name of the storage account.')
param storageAccountName string

@description('Table endpoint of the storage account.')
param tableEndpoint string

@description('Blob endpoint of the storage account.')
param blobEndpoint string

@description('Client ID of the app\'s user-assigned managed identity.')
param identityClientId string

@description('Application Insights connection string (local auth is off; the identity authenticates).')
param applicationInsightsConnectionString string

@description('Host name of the Web PubSub service.')
param webPubSubHostName string

@description('The Web PubSub hub of the firehose.')
param webPubSubHub string

@description('Durable Task hub name (host.json: "hubName": "%TaskHubName%").')
param taskHubName string

@description('Key Vault secret URIs, by secret: adminPassword, jwtSecret, keyEncryptionKey, webPubSubAccessKey.')
param secretUris object

resource site 'Microsoft.Web/sites@2024-04-01' existing = {
  name: functionAppName
}

var baseSettings = {
  AzureWebJobsStorage__accountName: storageAccountName
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
  TaskHubName: taskHubName
  Pds__Hostname: hostname
  Pds__BehindFront: 'true'
  Pds__UserDomains__0: userDomain
  Pds__InviteRequired: string(inviteRequired)
  Pds__AdminPassword: '@Microsoft.KeyVault(SecretUri=${secretUris.adminPassword})'
  Pds__JwtSecret: '@Microsoft.KeyVault(SecretUri=${secretUris.jwtSecret})'
  Pds__KeyEncryptionKey: '@Microsoft.KeyVault(SecretUri=${secretUris.keyEncryptionKey})'
  Pds__Storage__TableEndpoint: tableEndpoint
  Pds__Storage__BlobEndpoint: blobEndpoint
  Pds__Storage__ManagedIdentityClientId: identityClientId
  Pds__Firehose__Transport: 'webpubsub'
  Pds__WebPubSub__Endpoint: 'https://${webPubSubHostName}'
  Pds__WebPubSub__Hub: webPubSubHub
  Pds__WebPubSub__ManagedIdentityClientId: identityClientId
  Pds__WebPubSub__AccessKey: '@Microsoft.KeyVault(SecretUri=${secretUris.webPubSubAccessKey})'
}

var crawlerSettings = toObject(range(0, length(crawlers)), i => 'Pds__Crawlers__${i}', i => crawlers[i])

var contactSettings = empty(contactEmail) ? {} : { Pds__ContactEmail: contactEmail }

resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'appsettings'
  properties: union(baseSettings, crawlerSettings, contactSettings)
}
