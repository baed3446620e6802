import { bootstrapSampleService } from '../../shared/bootstrap-sample-service';
import { MarketingModule } from './marketing.module';

bootstrapSampleService(MarketingModule, 'marketing');
