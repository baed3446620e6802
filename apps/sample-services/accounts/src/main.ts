import { bootstrapSampleService } from '../../shared/bootstrap-sample-service';
import { AccountsModule } from './accounts.module';

bootstrapSampleService(AccountsModule, 'accounts');
