// Web PubSub: carries com.atproto.sync.subscribeRepos to relays, which connect anonymously to the hub's client path
// through the front. The hub (webpubsub-hub.bicep) is created once the function app's host name is known.
@description('Name of the Web PubSub service.')
param name string

@description('Azure region.')
param location string

@description('Tags for the service.')
param tags object

@allowed(['Free_F1', 'Standard_S1'])
@description('Free_F1: 20 concurrent connections, 20,000 messages a day, no SLA. Standard_S1: 1,000 connections and 1,000,000 messages a day per unit.')
param sku string

resource webPubSub 'Microsoft.SignalRService/webPubSub@2024-03-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: sku
    tier: sku == 'Free_F1' ? 'Free' : 'Standard'
    capacity: 1
  }
  properties: {
    publicNetworkAccess: 'Enabled'
    disableAadAuth: false
    // The access key stays on: it signs the upstream (CloudEvents) requests the app validates; the app publishes with
    // its managed identity (Web PubSub Service Owner).
    disableLocalAuth: false
    tls: { clientCertEnabled: false }
  }
}

output name string = webPubSub.name
output hostName string = webPubSub.properties.hostName
