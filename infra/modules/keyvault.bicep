// Key Vault in RBAC mode holding the PDS's secrets. The function app reads them as Key Vault references
// (@Microsoft.KeyVault(SecretUri=...)) with its managed identity; no secret is ever a plain app setting.
@description('Name of the vault (3-24 characters).')
param name string

@description('Azure region.')
param location string

@description('Tags for the vault.')
param tags object

@description('Principal ID of the deploying user, granted Key Vault Secrets Officer so they can read and rotate secrets; empty for none.')
param principalId string

@description('Name of the Web PubSub service whose access key (it signs the upstream requests) is stored as a secret.')
param webPubSubName string

@secure()
@description('Pds__AdminPassword: the admin user\'s password.')
param adminPassword string

@secure()
@description('Pds__JwtSecret: the HMAC secret of session tokens.')
param jwtSecret string

@secure()
@description('Pds__KeyEncryptionKey: base64 of 32 bytes; encrypts account signing keys and derives the PLC rotation key.')
param keyEncryptionKey string

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
  }
}

resource adminPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'pds-admin-password'
  properties: { value: adminPassword, contentType: 'text/plain' }
}

resource jwtSecretSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'pds-jwt-secret'
  properties: { value: jwtSecret, contentType: 'text/plain' }
}

resource keyEncryptionKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'pds-key-encryption-key'
  properties: { value: keyEncryptionKey, contentType: 'application/octet-stream; base64' }
}

resource webPubSub 'Microsoft.SignalRService/webPubSub@2024-03-01' existing = {
  name: webPubSubName
}

resource webPubSubAccessKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'pds-webpubsub-access-key'
  properties: { value: webPubSub.listKeys().primaryKey, contentType: 'text/plain' }
}

// Key Vault Secrets Officer for the deploying user (read and rotate the secrets from the portal or the CLI).
resource userSecretsOfficer 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(principalId)) {
  scope: vault
  name: guid(vault.id, principalId, 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7')
  properties: {
    principalId: principalId
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7')
  }
}

output id string = vault.id
output name string = vault.name
output uri string = vault.properties.vaultUri
// The versionless URIs of the secrets (no values), for the app's Key Vault references.
output referenceUris object = {
  adminPassword: adminPasswordSecret.properties.secretUri
  jwtSecret: jwtSecretSecret.properties.secretUri
  keyEncryptionKey: keyEncryptionKeySecret.properties.secretUri
  webPubSubAccessKey: webPubSubAccessKeySecret.properties.secretUri
}
