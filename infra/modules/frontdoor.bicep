// The front: Azure Front Door Standard. One endpoint with two routes:
//   /xrpc/com.atproto.sync.subscribeRepos -> Web PubSub, path rewritten to /client/hubs/<hub> (query string, and so
//   the relay's ?cursor=, kept; WebSocket upgrades pass through Front Door);
//   /* -> the function app.
// Nothing is cached. The custom host name (and optionally the wildcard handle domain) get TLS certificates managed
// by Front Door, or a customer certificate from Key Vault.
@description('Name of the Front Door profile.')
param profileName string

@description('Name of the Front Door endpoint (its host is <name>-<hash>.z01.azurefd.net).')
param endpointName string

@description('Tags for the profile.')
param tags object

@description('Host name of the function app, e.g. func-abc.azurewebsites.net.')
param functionAppHostName string

@description('Host name of the Web PubSub service, e.g. wps-abc.webpubsub.azure.com.')
param webPubSubHostName string

@description('The Web PubSub hub that serves the firehose.')
param hubName string

@description('Custom host name of the PDS, e.g. pds.example.com; empty to use the Front Door endpoint host.')
param customDomainName string

@description('Also serve *.<customDomainName>, so handles under it resolve over HTTPS (/.well-known/atproto-did).')
param wildcardHandleDomain bool

@description('Key Vault secret ID (versionless) of a customer certificate for the custom domains; empty for Front Door managed certificates.')
param tlsCertificateId string

var hasCustomDomain = !empty(customDomainName)
var hasWildcard = hasCustomDomain && wildcardHandleDomain
var useCustomerCertificate = !empty(tlsCertificateId)
var firehosePath = '/xrpc/com.atproto.sync.subscribeRepos'

resource profile 'Microsoft.Cdn/profiles@2024-02-01' = {
  name: profileName
  location: 'global'
  tags: tags
  sku: { name: 'Standard_AzureFrontDoor' }
  properties: {
    originResponseTimeoutSeconds: 60
  }
}

resource endpoint 'Microsoft.Cdn/profiles/afdEndpoints@2024-02-01' = {
  parent: profile
  name: endpointName
  location: 'global'
  tags: tags
  properties: { enabledState: 'Enabled' }
}

resource certificate 'Microsoft.Cdn/profiles/secrets@2024-02-01' = if (useCustomerCertificate) {
  parent: profile
  name: 'pds-certificate'
  properties: {
    parameters: {
      type: 'CustomerCertificate'
      secretSource: { id: tlsCertificateId }
      useLatestVersion: true
    }
  }
}

var tlsSettings = useCustomerCertificate
  ? {
      certificateType: 'CustomerCertificate'
      minimumTlsVersion: 'TLS12'
      secret: { id: certificate.id }
    }
  : {
      certificateType: 'ManagedCertificate'
      minimumTlsVersion: 'TLS12'
    }

resource customDomain 'Microsoft.Cdn/profiles/customDomains@2024-02-01' = if (hasCustomDomain) {
  parent: profile
  name: replace(customDomainName, '.', '-')
  properties: {
    hostName: customDomainName
    tlsSettings: tlsSettings
  }
}

resource wildcardDomain 'Microsoft.Cdn/profiles/customDomains@2024-02-01' = if (hasWildcard) {
  parent: profile
  name: 'wildcard-${replace(customDomainName, '.', '-')}'
  properties: {
    hostName: '*.${customDomainName}'
    tlsSettings: tlsSettings
  }
}

var domainRefs = concat(hasCustomDomain ? [{ id: customDomain.id }] : [], hasWildcard ? [{ id: wildcardDomain.id }] : [])

var loadBalancing = {
  sampleSize: 4
  successfulSamplesRequired: 3
  additionalLatencyInMilliseconds: 50
}

// One origin per group and no health probes: probes would wake the function app and bill Web PubSub messages.
resource functionsGroup 'Microsoft.Cdn/profiles/originGroups@2024-02-01' = {
  parent: profile
  name: 'functions'
  properties: {
    loadBalancingSettings: loadBalancing
    sessionAffinityState: 'Disabled'
  }
}

resource functionsOrigin 'Microsoft.Cdn/profiles/originGroups/origins@2024-02-01' = {
  parent: functionsGroup
  name: 'function-app'
  properties: {
    hostName: functionAppHostName
    originHostHeader: functionAppHostName
    httpPort: 80
    httpsPort: 443
    priority: 1
    weight: 1000
    enabledState: 'Enabled'
    enforceCertificateNameCheck: true
  }
}

resource webPubSubGroup 'Microsoft.Cdn/profiles/originGroups@2024-02-01' = {
  parent: profile
  name: 'webpubsub'
  properties: {
    loadBalancingSettings: loadBalancing
    sessionAffinityState: 'Disabled'
  }
}

resource webPubSubOrigin 'Microsoft.Cdn/profiles/originGroups/origins@2024-02-01' = {
  parent: webPubSubGroup
  name: 'webpubsub'
  properties: {
    hostName: webPubSubHostName
    originHostHeader: webPubSubHostName
    httpPort: 80
    httpsPort: 443
    priority: 1
    weight: 1000
    enabledState: 'Enabled'
    enforceCertificateNameCheck: true
  }
}

resource firehoseRules 'Microsoft.Cdn/profiles/ruleSets@2024-02-01' = {
  parent: profile
  name: 'firehose'
}

resource rewriteToHub 'Microsoft.Cdn/profiles/ruleSets/rules@2024-02-01' = {
  parent: firehoseRules
  name: 'rewriteToHub'
  properties: {
    order: 1
    conditions: []
    actions: [
      {
        name: 'UrlRewrite'
        parameters: {
          typeName: 'DeliveryRuleUrlRewriteActionParameters'
          sourcePattern: firehosePath
          destination: '/client/hubs/${hubName}'
          preserveUnmatchedPath: false
        }
      }
    ]
    matchProcessingBehavior: 'Stop'
  }
}

resource firehoseRoute 'Microsoft.Cdn/profiles/afdEndpoints/routes@2024-02-01' = {
  parent: endpoint
  name: 'firehose'
  properties: {
    customDomains: domainRefs
    originGroup: { id: webPubSubGroup.id }
    ruleSets: [{ id: firehoseRules.id }]
    supportedProtocols: ['Https']
    patternsToMatch: [firehosePath]
    forwardingProtocol: 'HttpsOnly'
    linkToDefaultDomain: 'Enabled'
    httpsRedirect: 'Disabled'
    enabledState: 'Enabled'
  }
  dependsOn: [webPubSubOrigin, rewriteToHub]
}

resource defaultRoute 'Microsoft.Cdn/profiles/afdEndpoints/routes@2024-02-01' = {
  parent: endpoint
  name: 'pds'
  properties: {
    customDomains: domainRefs
    originGroup: { id: functionsGroup.id }
    supportedProtocols: ['Http', 'Https']
    patternsToMatch: ['/*']
    forwardingProtocol: 'HttpsOnly'
    linkToDefaultDomain: 'Enabled'
    httpsRedirect: 'Enabled'
    enabledState: 'Enabled'
  }
  dependsOn: [functionsOrigin]
}

output endpointHostName string = endpoint.properties.hostName
output frontDoorId string = profile.properties.frontDoorId
output customDomainValidationToken string = hasCustomDomain ? customDomain!.properties.validationProperties.validationToken : ''
output wildcardValidationToken string = hasWildcard ? wildcardDomain!.properties.validationProperties.validationToken : ''
