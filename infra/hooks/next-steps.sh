#!/bin/sh
# Prints what is left after `azd provision` / `azd deploy`: the DNS records of the custom domain and the handle
# domain, where the admin password is, and how to get a relay to crawl. azd passes the template's outputs as
# environment variables (PDS_HOSTNAME, AZURE_FRONT_DOOR_ENDPOINT, ...). Prints only; changes nothing.
stage="${1:-provision}"
host="${PDS_HOSTNAME:-}"
front="${AZURE_FRONT_DOOR_ENDPOINT:-}"
vault="${AZURE_KEY_VAULT_NAME:-}"
rg="${AZURE_RESOURCE_GROUP:-}"
crawlers="${PDS_CRAWLERS:-https://bsky.network}"

echo
echo "== ServerlessPds: next steps (after azd $stage)"
if [ "$host" = "$front" ]; then
  echo "No custom domain is set: the PDS answers at https://$front, enough to try it, but handles under it cannot"
  echo "resolve and relays will not federate it. Set one and provision again:"
  echo "  azd env set PDS_HOSTNAME pds.example.com && azd provision"
else
  echo "1. DNS records at your DNS provider (then wait for Front Door to validate them and issue certificates, up to an hour):"
  echo "     TXT    _dnsauth.$host   \"${PDS_CUSTOM_DOMAIN_VALIDATION_TOKEN:-<see the Front Door custom domain>}\""
  if [ -n "${PDS_WILDCARD_VALIDATION_TOKEN:-}" ]; then
    echo "     TXT    _dnsauth.$host   \"$PDS_WILDCARD_VALIDATION_TOKEN\"   (second value, for *.$host)"
    echo "     CNAME  *.$host          $front   (handles such as alice.$host)"
  fi
  echo "     CNAME  $host            $front"
  echo "   Check:  az afd custom-domain list -g $rg --profile-name \$(az afd profile list -g $rg --query [0].name -o tsv) \\"
  echo "             --query \"[].{host:hostName,validation:domainValidationState,state:deploymentStatus}\" -o table"
fi
echo "2. The admin password (Key Vault secret pds-admin-password):"
echo "     az keyvault secret show --vault-name $vault --name pds-admin-password --query value -o tsv"
echo "3. Once https://$host/xrpc/_health answers, make an invite code and sign up (Bluesky app: \"Hosting provider\" https://$host):"
echo "     curl -u admin:<password> -H 'content-type: application/json' -d '{\"useCount\":1}' https://$host/xrpc/com.atproto.server.createInviteCode"
echo "   The handle alice${PDS_HANDLE_DOMAIN:-.$host} resolves at https://alice${PDS_HANDLE_DOMAIN:-.$host}/.well-known/atproto-did."
echo "4. Relays: the PDS asks $crawlers to crawl it when an account is created. By hand:"
for relay in $crawlers; do
  echo "     curl -X POST -H 'content-type: application/json' -d '{\"hostname\":\"$host\"}' $relay/xrpc/com.atproto.sync.requestCrawl"
  echo "     curl '$relay/xrpc/com.atproto.sync.getHostStatus?hostname=$host'"
done
echo "   The relay then reads wss://$host/xrpc/com.atproto.sync.subscribeRepos through Front Door and Web PubSub."
